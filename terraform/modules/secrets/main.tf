# The shop's secrets in Secrets Manager, encrypted with their own KMS key:
# - the database credentials: created and rotated by RDS itself (database module,
#   manage_master_user_password), encrypted with the key made here;
# - JWT_SECRET: generated here as an ephemeral value and written with a write-only argument, so
#   the value is in Secrets Manager and nowhere else (not in the plan, not in the state).

data "aws_region" "current" {}

module "key" {
  source = "../kms-key"

  alias       = "${var.name}-secrets"
  description = "Encrypts the Secrets Manager secrets of ${var.name} (database credentials, JWT_SECRET)."
  tags        = var.tags
}

resource "aws_secretsmanager_secret" "jwt" {
  #checkov:skip=CKV2_AWS_57:Rotating JWT_SECRET signs every user out, so it is a planned step (bump jwt_secret_version, then roll the backend), not a timer.
  name                    = "${var.name}/backend/jwt-secret"
  description             = "JWT_SECRET of the ${var.name} backend, as JSON {\"JWT_SECRET\": \"...\"}."
  kms_key_id              = module.key.key_arn
  recovery_window_in_days = var.recovery_window_days

  tags = var.tags
}

# Secrets Manager's own generator (GetRandomPassword), opened only during apply.
ephemeral "aws_secretsmanager_random_password" "jwt" {
  password_length     = 64
  exclude_punctuation = true # stays a plain token in environment variables and shells
}

resource "aws_secretsmanager_secret_version" "jwt" {
  secret_id                = aws_secretsmanager_secret.jwt.id
  secret_string_wo         = jsonencode({ JWT_SECRET = ephemeral.aws_secretsmanager_random_password.jwt.random_password })
  secret_string_wo_version = var.jwt_secret_version
}
