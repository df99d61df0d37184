import { z } from "zod";
import { paging, q } from "../api/queries";
import { roleSchema } from "./roles";

/** Request and response shapes of /api/v1/users, /api/v1/tokens and /api/v1/me, shared with the forms. */

/** better-auth's default password bounds (8–128); checked here too so the form says so first. */
export const passwordSchema = z.string().min(8, "At least 8 characters").max(128, "At most 128 characters");

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const userCreateSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
    email: z.email("Enter an email address").max(254, "At most 254 characters").toLowerCase(),
    role: roleSchema,
    password: passwordSchema,
  })
  .strict();
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters").optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one of name, role, disabled");
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const userParams = z.object({ id: z.string().min(1).max(100) });

export const tokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: roleSchema,
  /** The first characters of the token, to recognise it. */
  prefix: z.string(),
  /** Who made it: a user's email, a token's name or a script's name. */
  createdBy: z.string(),
  /** The user who vouches for it (null: made from a shell); the token goes when they do. */
  createdById: z.string().nullable(),
  createdAt: z.string(),
  /** Null: never expires. */
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof tokenSchema>;

export const tokenCreateSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Enter a name")
      .max(100, "At most 100 characters")
      .regex(/^[\w .:-]+$/, "Letters, digits, spaces and . _ - : only"),
    role: roleSchema,
    /**
     * When the token stops working. Left out: TOKEN_DEFAULT_LIFETIME_DAYS from now; null: never,
     * which has to be asked for (and a token can't make a token that outlives itself).
     */
    expiresAt: z.iso
      .datetime({ offset: true, error: "A date and time such as 2027-03-01T00:00:00Z, or null for never" })
      .nullable()
      .optional(),
  })
  .strict();
export type TokenCreate = z.infer<typeof tokenCreateSchema>;

/** How long a token lives when its creator doesn't say (README "Signing in"). */
export const TOKEN_DEFAULT_LIFETIME_DAYS = 90;

/** The answer to creating a token: the only time the token itself is sent. */
export const tokenCreatedSchema = tokenSchema.extend({ token: z.string() });
export type TokenCreated = z.infer<typeof tokenCreatedSchema>;

export const tokenParams = z.object({ id: z.uuid() });

export const meSchema = z.object({
  name: z.string(),
  role: roleSchema,
  kind: z.enum(["user", "token"]),
  email: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

export const userListQuery = z.object({ ...paging, q });
export const tokenListQuery = z.object({ ...paging });
