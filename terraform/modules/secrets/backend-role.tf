# The backend's IRSA role: read its own two secrets, decrypt them through Secrets Manager only,
# and nothing else. Whatever turns them into a Kubernetes Secret (External Secrets Operator or the
# Secrets Store CSI driver) acts as the backend's service account and so gets exactly this.

module "backend_role" {
  source = "../irsa-role"

  name              = "${var.name}-backend"
  description       = "Backend pods of ${var.name}: read the database credentials and JWT_SECRET."
  oidc_provider_arn = var.oidc_provider_arn
  oidc_issuer_url   = var.oidc_issuer_url
  namespace         = var.backend_namespace
  service_account   = var.backend_service_account
  tags              = var.tags

  inline_policies = {
    read-backend-secrets = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid      = "ReadTheBackendSecretsOnly"
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
          Resource = [var.database_secret_arn, aws_secretsmanager_secret.jwt.arn]
        },
        {
          Sid      = "DecryptThemThroughSecretsManagerOnly"
          Effect   = "Allow"
          Action   = "kms:Decrypt"
          Resource = module.key.key_arn
          Condition = {
            StringEquals = { "kms:ViaService" = "secretsmanager.${data.aws_region.current.name}.amazonaws.com" }
          }
        },
      ]
    })
  }
}
