import net from "node:net";

/**
 * HTTP as an attacker's script writes it, byte for byte on a socket: methods fetch refuses to
 * send, a Content-Length that lies, a body never sent, a chosen local address (the client's
 * address as the server's socket sees it: any 127.x.y.z reaches a server on localhost).
 */
export type RawResponse = { status: number; headers: Record<string, string>; body: string };

export function rawRequestText(
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
  body: string | Buffer = "",
): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`];
  if (!("Host" in headers)) lines.push("Host: localhost");
  if (!("Connection" in headers)) lines.push("Connection: close");
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(body)]);
}

/** Sends `request` and reads the answer until the server closes the connection. */
export function rawHttp(port: number, request: Buffer, localAddress?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    // The server may answer and close before it has read all we write (a body it refuses).
    socket.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (!text) return reject(new Error("The server closed the connection without an answer"));
      resolve(parseResponse(text));
    });
    socket.write(request);
  });
}

export function parseResponse(text: string): RawResponse {
  const [head = "", ...rest] = text.split("\r\n\r\n");
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") };
}
