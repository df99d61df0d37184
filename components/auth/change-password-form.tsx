"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, fieldIds, Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { authClient } from "@/lib/auth/client";
import { passwordSchema } from "@/lib/auth/schemas";

const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ["confirm"], message: "The passwords don't match" })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });
type Values = z.infer<typeof changePasswordSchema>;

/** better-auth checks the current password, hashes the new one and signs out the other sessions. */
export function ChangePasswordForm() {
  const id = useId();
  const form = useForm<Values>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirm: "" },
    mode: "onTouched",
  });
  const { register, handleSubmit, setError, reset, formState } = form;
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    const { error } = await authClient.changePassword({
      currentPassword: values.currentPassword,
      newPassword: values.newPassword,
      revokeOtherSessions: true,
    });
    if (error) {
      if (error.status === 400 || error.status === 401) {
        setError("currentPassword", { message: "The current password is wrong" }, { shouldFocus: true });
      } else if (error.status === 429) {
        setError("root", { message: "Too many attempts; wait a minute and try again." });
      } else {
        setError("root", { message: error.message ?? "The password was not changed" });
      }
      return;
    }
    reset();
    toast.success("Password changed", { description: "Your other sessions were signed out." });
  });

  const field = (name: keyof Values, label: string, autoComplete: string, hint?: string) => (
    <Field id={`${id}-${name}`} label={label} hint={hint} error={errors[name]?.message}>
      <Input
        type="password"
        autoComplete={autoComplete}
        {...fieldIds(`${id}-${name}`, hint, errors[name]?.message)}
        {...register(name)}
      />
    </Field>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-md space-y-5" aria-label="Change password">
      {errors.root ? <Alert title="Password not changed">{errors.root.message}</Alert> : null}
      {field("currentPassword", "Current password", "current-password")}
      {field("newPassword", "New password", "new-password", "At least 8 characters")}
      {field("confirm", "Repeat the new password", "new-password")}
      <Button type="submit" variant="primary" loading={isSubmitting}>
        Change password
      </Button>
    </form>
  );
}
