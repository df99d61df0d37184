import "server-only";
import type { User as UserRow } from "@prisma/client";
import { recordAudit, type AuditContext } from "../db/audit";
import { conflict, DomainError, notFound } from "../db/errors";
import type { ListResult, Page } from "../db/page";
import { prisma } from "../db/prisma";
import { getAuth } from "./auth";
import type { Role } from "./roles";
import { revokeTokensOf } from "./tokens";
import type { User, UserCreate, UserUpdate } from "./schemas";

/**
 * Users, managed by administrators. Passwords and accounts go through better-auth's own context
 * (its password hasher, its adapter), the same code its sign-up would run; Switchyard only adds
 * the role and the disabled flag. There is always at least one enabled administrator.
 */
function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listUsers(filter: { q?: string }, page: Page): Promise<ListResult<User>> {
  const where = filter.q
    ? {
        OR: [
          { name: { contains: filter.q, mode: "insensitive" as const } },
          { email: { contains: filter.q, mode: "insensitive" as const } },
        ],
      }
    : {};
  const [rows, total] = await prisma.$transaction([
    prisma.user.findMany({ where, orderBy: { email: "asc" }, take: page.limit, skip: page.offset }),
    prisma.user.count({ where }),
  ]);
  return { items: rows.map(toUser), total };
}

const auditEntry = (action: string, user: User, before?: User) => ({
  action,
  entityType: "user" as const,
  entityKey: user.id,
  entityLabel: `${user.email} (${user.role})`,
  before,
  after: action === "delete" ? undefined : user,
});

export async function getUser(id: string): Promise<User | null> {
  const row = await prisma.user.findUnique({ where: { id } });
  return row ? toUser(row) : null;
}

export async function createUser(input: UserCreate, by: AuditContext): Promise<User> {
  const ctx = await getAuth().$context;
  const email = input.email.toLowerCase();
  if (await prisma.user.findUnique({ where: { email } })) {
    throw conflict(`A user with the email ${email} already exists`, [
      { path: "email", message: "Already taken" },
    ]);
  }
  const hash = await ctx.password.hash(input.password);
  const created = await ctx.internalAdapter.createUser(
    { email, name: input.name, emailVerified: true },
    { method: "admin" },
  );
  await ctx.internalAdapter.linkAccount({
    providerId: "credential",
    accountId: created.id,
    userId: created.id,
    password: hash,
  });
  // The role is not a sign-up input (better-auth keeps it out of every endpoint): set it here.
  return prisma.$transaction(async (tx) => {
    const user = toUser(await tx.user.update({ where: { id: created.id }, data: { role: input.role } }));
    await recordAudit(tx, by, auditEntry("create", user));
    return user;
  });
}

/** Sets a user's password (the first administrator, `npm run create-admin`), signing them out everywhere. */
export async function setPassword(userId: string, password: string): Promise<void> {
  const ctx = await getAuth().$context;
  const hash = await ctx.password.hash(password);
  const account = await ctx.internalAdapter.findCredentialAccount(userId);
  if (account) await ctx.internalAdapter.updatePassword(userId, hash);
  else
    await ctx.internalAdapter.linkAccount({
      providerId: "credential",
      accountId: userId,
      userId,
      password: hash,
    });
  await ctx.internalAdapter.deleteUserSessions(userId);
}

async function assertAnotherAdmin(userId: string, what: string): Promise<void> {
  const others = await prisma.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) {
    throw new DomainError(
      "precondition_failed",
      `${what} would leave Switchyard without an administrator; make someone else admin first`,
    );
  }
}

/** `actorEmail` is the administrator making the change; nobody disables or demotes themselves by accident. */
export async function updateUser(
  id: string,
  changes: UserUpdate,
  actorEmail: string | null,
  by: AuditContext,
): Promise<User> {
  const row = await prisma.user.findUnique({ where: { id } });
  if (!row) throw notFound(`User ${id} does not exist`);
  const losesAdmin =
    row.role === "admin" &&
    !row.disabled &&
    ((changes.role && changes.role !== "admin") || changes.disabled === true);
  if (losesAdmin) {
    if (row.email === actorEmail) {
      throw new DomainError("precondition_failed", "You can't take away your own administrator access");
    }
    await assertAnotherAdmin(id, changes.disabled ? "Disabling this user" : "Changing this role");
  }
  return prisma.$transaction(async (tx) => {
    const updated = toUser(
      await tx.user.update({
        where: { id },
        data: { name: changes.name, role: changes.role as Role | undefined, disabled: changes.disabled },
      }),
    );
    await recordAudit(tx, by, auditEntry("update", updated, toUser(row)));
    // Disabled means signed out now, not when the session expires, and no token they vouch for works.
    if (changes.disabled) {
      await tx.session.deleteMany({ where: { userId: id } });
      await revokeTokensOf(tx, id, by);
    }
    return updated;
  });
}

export async function deleteUser(id: string, actorEmail: string | null, by: AuditContext): Promise<void> {
  const row = await prisma.user.findUnique({ where: { id } });
  if (!row) throw notFound(`User ${id} does not exist`);
  if (row.email === actorEmail)
    throw new DomainError("precondition_failed", "You can't delete your own account");
  if (row.role === "admin" && !row.disabled) await assertAnotherAdmin(id, "Deleting this user");
  // Sessions and accounts go with the user (foreign keys cascade); their tokens are revoked and keep
  // `createdBy` for the record (the foreign key refuses a delete that would leave one pointing here).
  await prisma.$transaction(async (tx) => {
    await recordAudit(tx, by, auditEntry("delete", toUser(row), toUser(row)));
    await revokeTokensOf(tx, id, by);
    await tx.apiToken.updateMany({ where: { createdById: id }, data: { createdById: null } });
    await tx.user.delete({ where: { id } });
  });
}
