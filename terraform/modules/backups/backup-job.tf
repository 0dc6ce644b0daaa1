# The IRSA role of the in-cluster backup job (a CronJob running pg_dump): it may add backups under
# postgres/ and read them back for a restore drill, but not delete them or touch anything else.

module "backup_job_role" {
  source = "../irsa-role"

  name              = "${var.name}-db-backup"
  description       = "Writes logical PostgreSQL backups of ${var.name} to ${local.bucket_name}/postgres/."
  oidc_provider_arn = var.oidc_provider_arn
  oidc_issuer_url   = var.oidc_issuer_url
  namespace         = var.backup_job_namespace
  service_account   = var.backup_job_service_account
  tags              = var.tags

  inline_policies = {
    write-postgres-backups = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "PutAndGetPostgresBackups"
          Effect   = "Allow"
          Action   = ["s3:PutObject", "s3:GetObject"]
          Resource = "${aws_s3_bucket.backups.arn}/postgres/*"
        },
        {
          Sid       = "ListPostgresBackups"
          Effect    = "Allow"
          Action    = "s3:ListBucket"
          Resource  = aws_s3_bucket.backups.arn
          Condition = { StringLike = { "s3:prefix" = ["postgres/*"] } }
        },
        {
          Sid      = "UseTheBackupKeyThroughS3"
          Effect   = "Allow"
          Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
          Resource = module.key.key_arn
          Condition = {
            StringEquals = { "kms:ViaService" = "s3.${data.aws_region.current.name}.amazonaws.com" }
          }
        },
      ]
    })
  }
}

data "aws_region" "current" {}
