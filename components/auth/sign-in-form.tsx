"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useHydrated } from "@/components/common/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, fieldIds, Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth/client";

const signInSchema = z.object({
  email: z.email("Enter your email address"),
  password: z.string().min(1, "Enter your password"),
});
type SignInValues = z.infer<typeof signInSchema>;

/** What went wrong, by status (better-auth's codes), in words an operator can act on. */
function signInProblem(status: number, code: string | undefined, message: string | undefined): string {
  if (status === 401) return "The email or password is wrong.";
  // The account's own backoff says how long it lasts (up to minutes); better-auth's per-address
  // limiter doesn't, and lasts a minute.
  if (status === 429 && code === "SIGN_IN_THROTTLED" && message) return message;
  if (status === 429) return "Too many sign-in attempts from here. Wait a minute and try again.";
  if (status === 403) return message ?? "This account can't sign in; ask an administrator.";
  return message ?? "Signing in failed; try again.";
}


export function SignInForm({ next }: { next: string }) {
  const id = useId();
  const form = useForm<SignInValues>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });
  const { register, handleSubmit, setError, formState } = form;
  const { errors, isSubmitting, isSubmitSuccessful } = formState;
  // Until the page is interactive a click would submit the form natively, putting the password in
  // the URL; the button waits for hydration instead.
  const interactive = useHydrated();

  const onSubmit = handleSubmit(async (values) => {
    const { error } = await authClient.signIn.email({ email: values.email, password: values.password });
    if (error) {
      setError("root", { message: signInProblem(error.status, error.code, error.message) });
      return;
    }
    // A full load on purpose: the root layout renders for the new identity, and nothing cached
    // for the previous one (React Query) survives.
    window.location.assign(next);
  });

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Sign in">
      {errors.root ? <Alert title="Not signed in">{errors.root.message}</Alert> : null}
      <Field id={`${id}-email`} label="Email" error={errors.email?.message}>
        <Input
          type="email"
          autoComplete="username"
          autoFocus
          {...fieldIds(`${id}-email`, undefined, errors.email?.message)}
          {...register("email")}
        />
      </Field>
      <Field id={`${id}-password`} label="Password" error={errors.password?.message}>
        <Input
          type="password"
          autoComplete="current-password"
          {...fieldIds(`${id}-password`, undefined, errors.password?.message)}
          {...register("password")}
        />
      </Field>
      <Button
        type="submit"
        variant="primary"
        className="w-full"
        disabled={!interactive}
        loading={isSubmitting || isSubmitSuccessful}
      >
        Sign in
      </Button>
    </form>
  );
}
