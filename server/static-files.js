// @ts-check
import fs from "node:fs";
import path from "node:path";
import express from "express";

/**
 * The built client files (build/client), listed once at start-up, so that a request for a
 * page costs no file-system lookup: only a path in the list reaches express.static. Vite's
 * hashed files under /assets/ never change, so browsers keep them a year without asking;
 * the rest (the favicon, from public/) keep their name across releases, so an hour.
 * @param {string} root
 * @returns {import("express").RequestHandler}
 */
export function staticFiles(root) {
  const files = new Set(listFiles(root).map((file) => `/${file.split(path.sep).join("/")}`));
  const options = { index: false, redirect: false, dotfiles: "ignore" };
  const hashed = express.static(root, { ...options, immutable: true, maxAge: "1y" });
  const named = express.static(root, { ...options, maxAge: "1h" });
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !files.has(decoded(req.path))) return next();
    (req.path.startsWith("/assets/") ? hashed : named)(req, res, next);
  };
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
