import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Kong admin tokens at rest: AES-256-GCM with a key derived (HKDF-SHA256) from
 * SWITCHYARD_SECRET_KEY. The zone name is bound as additional authenticated data, so a ciphertext
 * copied onto another zone's row fails to decrypt instead of leaking a token to the wrong Kong.
 */
const FORMAT = "v1";
const MIN_SECRET_LENGTH = 16;

let cachedKey: { secret: string; key: Buffer } | null = null;

export class SecretKeyMissingError extends Error {
  constructor(reason: string) {
    super(
      `${reason}: set SWITCHYARD_SECRET_KEY (at least ${MIN_SECRET_LENGTH} characters) to store or read Kong admin tokens. ` +
        "npm run dev and npm test set a development key; production must set its own.",
    );
    this.name = "SecretKeyMissingError";
  }
}

function key(): Buffer {
  const secret = process.env.SWITCHYARD_SECRET_KEY;
  if (!secret) throw new SecretKeyMissingError("SWITCHYARD_SECRET_KEY is not set");
  if (secret.length < MIN_SECRET_LENGTH)
    throw new SecretKeyMissingError("SWITCHYARD_SECRET_KEY is too short");
  if (cachedKey?.secret !== secret) {
    cachedKey = {
      secret,
      key: Buffer.from(hkdfSync("sha256", secret, "switchyard", "kong-admin-token", 32)),
    };
  }
  return cachedKey.key;
}

export function encryptSecret(plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    FORMAT,
    iv.toString("base64"),
    cipher.getAuthTag().toString("base64"),
    data.toString("base64"),
  ].join(":");
}

export function decryptSecret(stored: string, context: string): string {
  const [format, iv, tag, data] = stored.split(":");
  if (format !== FORMAT || !iv || !tag || data === undefined)
    throw new Error("Stored secret has an unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}

/** The additional authenticated data of a zone's Kong admin token. */
export const kongTokenContext = (zoneName: string) => `zone:${zoneName}:kong-admin-token`;
