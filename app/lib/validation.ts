import { z } from "zod";
import { message } from "./forms";

/** Fields that several forms share, with their messages. */
export const emailField = z
  .string({ error: message("validation.emailRequired") })
  .trim()
  .min(1, message("validation.emailRequired"))
  .pipe(z.email(message("validation.emailInvalid")));

export const currentPasswordField = z
  .string({ error: message("validation.passwordRequired") })
  .min(1, message("validation.passwordRequired"));

// Supabase Auth's minimum_password_length (supabase/config.toml).
export const MIN_PASSWORD_LENGTH = 8;

export const newPasswordField = z
  .string({ error: message("validation.passwordRequired") })
  .min(1, message("validation.passwordRequired"))
  .min(MIN_PASSWORD_LENGTH, message("validation.passwordTooShort"));
