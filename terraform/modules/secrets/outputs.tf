output "kms_key_arn" {
  description = "KMS key of the shop's secrets."
  value       = module.key.key_arn
}

output "jwt_secret_arn" {
  description = "ARN of the secret holding JWT_SECRET as JSON {\"JWT_SECRET\": \"...\"}."
  value       = aws_secretsmanager_secret.jwt.arn
}

output "jwt_secret_name" {
  description = "Name of the secret holding JWT_SECRET."
  value       = aws_secretsmanager_secret.jwt.name
}

output "backend_role_arn" {
  description = "IRSA role of the backend's service account."
  value       = module.backend_role.role_arn
}
