output "bucket_name" {
  description = "Name of the backup bucket."
  value       = aws_s3_bucket.backups.bucket
}

output "bucket_arn" {
  description = "ARN of the backup bucket."
  value       = aws_s3_bucket.backups.arn
}

output "kms_key_arn" {
  description = "KMS key of the backup bucket."
  value       = module.key.key_arn
}

output "backup_job_role_arn" {
  description = "IRSA role of the backup job's service account."
  value       = module.backup_job_role.role_arn
}
