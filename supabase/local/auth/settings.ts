import { apiUrl } from "../config";
import { projectConfig } from "../project";

/**
 * The Auth settings of this project: those supabase/config.toml sets are read from it, so
 * that the local stack refuses and allows exactly what a hosted project with that file would;
 * the rest are GoTrue's defaults as the CLI sets them.
 */
export const settings = {
  /** [auth] minimum_password_length */
  minimumPasswordLength: projectConfig.minimumPasswordLength,
  /** [auth] password_requirements: a password needs a character of each set. */
  requiredCharacters: projectConfig.requiredCharacters,
  /** bcrypt only looks at the first 72 bytes, so GoTrue refuses longer passwords. */
  maximumPasswordLength: 72,
  /** [auth] jwt_expiry */
  jwtExpirySeconds: projectConfig.jwtExpirySeconds,
  /** [auth.sessions] timebox and inactivity_timeout, in seconds; 0 is no limit. */
  sessionTimeboxSeconds: projectConfig.sessionTimeboxSeconds,
  sessionInactivitySeconds: projectConfig.sessionInactivitySeconds,
  /** [auth] refresh_token_reuse_interval: a rotated token may be replayed this long (lost responses). */
  refreshTokenReuseSeconds: 10,
  /** [auth.email] max_frequency: per user and kind of e-mail. */
  emailMaxFrequencySeconds: 60,
  /** GoTrue's default mailer otp_exp: e-mail links work for one hour. */
  otpExpirySeconds: 3600,
  /** [auth.email] double_confirm_changes: both the old and the new address must confirm. */
  secureEmailChange: true,
  /** GOTRUE_JWT_ADMIN_ROLES */
  adminRoles: ["service_role", "supabase_admin"],
  /** GOTRUE_JWT_AUD and GOTRUE_JWT_DEFAULT_GROUP_NAME */
  audience: "authenticated",
  defaultRole: "authenticated",
  /** GOTRUE_JWT_ISSUER, as the CLI sets it. */
  issuer: () => `${apiUrl()}/auth/v1`,
} as const;
