// @ts-check
import fs from "node:fs";
import path from "node:path";
import express from "express";

/**
 * The built client files (build/client), listed once at start-up, so that a request for a
 * page costs no file-system lookup: only a path in the list reaches express.static. Vite's
 * hashed files under /assets/ never change, so browsers keep them a year without asking;
 * the rest (the favicon, from public/) keep their name across releases, so an hour. A
 * script or stylesheet goes out as the build's Brotli file when the browser takes Brotli.
 * @param {string} root
 * @returns {import("express").RequestHandler}
 */
export function staticFiles(root) {
  const files = new Set(listFiles(root).map((file) => `/${file.split(path.sep).join("/")}`));
  const options = { index: false, redirect: false, dotfiles: "ignore" };
  const hashed = express.static(root, { ...options, immutable: true, maxAge: "1y" });
  const named = express.static(root, { ...options, maxAge: "1h" });
  return (req, res, next) => {
    const file = decoded(req.path);
    if ((req.method !== "GET" && req.method !== "HEAD") || !files.has(file)) return next();
    if (files.has(`${file}.br`)) {
      res.setHeader("Vary", "Accept-Encoding");
      if (req.acceptsEncodings("br")) sendBrotli(req, res, file);
    }
    (req.path.startsWith("/assets/") ? hashed : named)(req, res, next);
  };
}

/**
 * The build's Brotli file in place of the file (vite.config.ts, brotliFiles): the type is
 * the file's, and the compression middleware leaves an encoded response alone.
 * @param {import("express").Request} req
 * @param {import("express").Response} res
 * @param {string} file
 */
function sendBrotli(req, res, file) {
  res.type(path.extname(file));
  res.setHeader("Content-Encoding", "br");
  req.url = `${req.path}.br`;
}

/** @param {string} dir @returns {string[]} paths relative to dir */
function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** @param {string} urlPath */
function decoded(urlPath) {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return urlPath;
  }
}
