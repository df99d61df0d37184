"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { CopyButton } from "@/components/expression/copy-button";
import { PlusIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, fieldIds, Input, Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Mono, Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/lib/auth/roles";
import {
  TOKEN_DEFAULT_LIFETIME_DAYS,
  tokenCreateSchema,
  type ApiTokenView,
  type TokenCreated,
} from "@/lib/auth/schemas";
import { applyServerErrors } from "@/lib/query/form-errors";
import { useCreateToken, useRevokeToken, useTokens } from "@/lib/query/users";
import { TokensIcon } from "@/components/shell/icons";
import { formatDateTime } from "@/lib/format/date";
import { RoleBadge } from "./role-badge";

const format = formatDateTime;

/** API tokens: create (shown once), see when each was last used, revoke. */
export function TokenAdmin() {
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);

  return (
    <div>
      <div className="mb-4 flex items-center justify-between gap-4">
        <p className="text-sm text-slate-500">
          Send a token as{" "}
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[12.5px] text-slate-700">
            Authorization: Bearer &lt;token&gt;
          </code>
          .
        </p>
        <Button variant="primary" icon={<PlusIcon />} onClick={() => setCreating(true)}>
          New token
        </Button>
      </div>
      {tokens.isPending ? (
        <TableSkeleton columns={7} label="Loading tokens" />
      ) : tokens.isError ? (
        <Alert title="Tokens couldn't be loaded">{tokens.error.message}</Alert>
      ) : tokens.data.items.length === 0 ? (
        <EmptyState
          icon={<TokensIcon className="size-5" />}
          title="No API tokens yet"
          description="A token lets an entitlement service or a CI job call the API with a role of its own."
          action={
            <Button variant="primary" icon={<PlusIcon />} onClick={() => setCreating(true)}>
              New token
            </Button>
          }
        />
      ) : (
        <Table label="API tokens">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Role</TH>
              <TH>Token</TH>
              <TH>Created</TH>
              <TH>Expires</TH>
              <TH>Last used</TH>
              <TH>Status</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {tokens.data.items.map((token) => (
              <TR key={token.id} className={token.revokedAt ? "text-slate-400" : undefined}>
                <TD className="font-medium text-slate-900">{token.name}</TD>
                <TD>
                  <RoleBadge role={token.role} />
                </TD>
                <TD>
                  <Mono>{token.prefix}…</Mono>
                </TD>
                <TD className="text-slate-500">
                  {format(token.createdAt)}
                  <span className="block text-xs text-slate-400">by {token.createdBy}</span>
                </TD>
                <TD className="text-slate-500">{token.expiresAt ? format(token.expiresAt) : "never"}</TD>
                <TD className="text-slate-500">{token.lastUsedAt ? format(token.lastUsedAt) : "never"}</TD>
                <TD>
                  {token.revokedAt ? (
                    <Badge tone="red" title={`Revoked ${format(token.revokedAt)}`}>
                      revoked
                    </Badge>
                  ) : isExpired(token) ? (
                    <Badge tone="amber" title={`Expired ${format(token.expiresAt!)}`}>
                      expired
                    </Badge>
                  ) : (
                    <Badge tone="green" dot>
                      active
                    </Badge>
                  )}
                </TD>
                <TD className="text-right">
                  {token.revokedAt ? null : (
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => setRevoking(token)}
                      aria-label={`Revoke ${token.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <RevokeTokenDialog token={revoking} onClose={() => setRevoking(null)} />
    </div>
  );
}

const isExpired = (token: ApiTokenView) =>
  token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();

const DAY_MS = 24 * 60 * 60 * 1000;
/** The lifetimes offered; "never" is a choice of its own, never the default. */
const LIFETIMES = [
  { value: "30", label: "30 days" },
  { value: String(TOKEN_DEFAULT_LIFETIME_DAYS), label: `${TOKEN_DEFAULT_LIFETIME_DAYS} days` },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never expires" },
] as const;

/** The API's schema, with a lifetime picked from LIFETIMES in place of the exact expiry. */
const createFormSchema = tokenCreateSchema
  .omit({ expiresAt: true })
  .extend({ lifetime: z.enum(LIFETIMES.map((l) => l.value)) });
type CreateValues = z.input<typeof createFormSchema>;

const expiresAtOf = (lifetime: string): string | null =>
  lifetime === "never" ? null : new Date(Date.now() + Number(lifetime) * DAY_MS).toISOString();

function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const id = useId();
  const create = useCreateToken();
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const form = useForm<CreateValues, unknown, z.output<typeof createFormSchema>>({
    resolver: zodResolver(createFormSchema),
    defaultValues: { name: "", role: "viewer", lifetime: String(TOKEN_DEFAULT_LIFETIME_DAYS) },
    mode: "onTouched",
  });
  const { register, handleSubmit, setError, reset, formState, control } = form;
  const { errors, isSubmitting } = formState;
  const role = useWatch({ control, name: "role" }) as Role;
  const close = () => {
    reset();
    setCreated(null);
    onClose();
  };
  const onSubmit = handleSubmit(async ({ lifetime, ...values }) => {
    try {
      setCreated(await create.mutateAsync({ ...values, expiresAt: expiresAtOf(lifetime) }));
    } catch (error) {
      applyServerErrors(error, setError, ["name", "role"]);
    }
  });
  const formId = `${id}-form`;

  if (created) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title={`Token ${created.name} created`}
        description="Copy it now: it is shown only this once. Switchyard keeps only its hash."
        footer={
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        }
      >
        <div className="space-y-3">
          <div className="flex items-center gap-2 rounded-lg bg-slate-900 px-3 py-2.5">
            <code
              aria-label="New API token"
              className="min-w-0 flex-1 break-all font-mono text-[13px] text-emerald-300"
            >
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy token" />
          </div>
          <p className="text-[13px] text-slate-500">
            Role <RoleBadge role={created.role} /> — {ROLE_DESCRIPTIONS[created.role].toLowerCase()}.{" "}
            {created.expiresAt ? `Expires ${format(created.expiresAt)}.` : "Never expires."}
          </p>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New API token"
      description="For an entitlement service, a CI job or a script. It acts with the role you choose here."
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} loading={isSubmitting}>
            Create token
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        {errors.root ? <Alert title="Not created">{errors.root.message}</Alert> : null}
        <Field
          id={`${id}-name`}
          label="Name"
          hint="Who uses it, e.g. entitlement-sync or ci-deploy"
          error={errors.name?.message}
        >
          <Input
            autoComplete="off"
            {...fieldIds(`${id}-name`, "hint", errors.name?.message)}
            {...register("name")}
          />
        </Field>
        <Field id={`${id}-role`} label="Role" hint={ROLE_DESCRIPTIONS[role]} error={errors.role?.message}>
          <Select {...fieldIds(`${id}-role`, "hint", errors.role?.message)} {...register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id={`${id}-lifetime`}
          label="Expires after"
          hint="It stops working then, and when the user who made it is disabled or deleted"
          error={errors.lifetime?.message}
        >
          <Select {...fieldIds(`${id}-lifetime`, "hint", errors.lifetime?.message)} {...register("lifetime")}>
            {LIFETIMES.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </Select>
        </Field>
      </form>
    </Dialog>
  );
}

function RevokeTokenDialog({ token, onClose }: { token: ApiTokenView | null; onClose: () => void }) {
  const revoke = useRevokeToken();
  return (
    <Dialog
      open={token !== null}
      onClose={onClose}
      size="sm"
      title={`Revoke ${token?.name ?? "token"}?`}
      description="Calls with this token are refused from now on. This can't be undone; create a new token instead."
      footer={
        <>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            loading={revoke.isPending}
            onClick={() =>
              token &&
              revoke.mutate(token.id, {
                onSuccess: () => {
                  toast.success(`Token ${token.name} revoked`);
                  onClose();
                },
              })
            }
          >
            Revoke token
          </Button>
        </>
      }
    />
  );
}
