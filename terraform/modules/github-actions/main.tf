# GitHub Actions reaches AWS through OIDC only (no stored keys), with two roles:
# - CI role, trusted for the main branch: push images to ECR, run terraform plan (read-only);
# - deploy role, trusted for the production environment only (whose required reviewers approve
#   each run): terraform apply and cluster access.

data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  issuer_host = "token.actions.githubusercontent.com"

  oidc_provider_arn = coalesce(var.existing_oidc_provider_arn, one(aws_iam_openid_connect_provider.github[*].arn))

  trust = {
    ci     = "repo:${var.repository}:ref:refs/heads/${var.main_branch}"
    deploy = "repo:${var.repository}:environment:${var.deploy_environment}"
  }

  state_lock_object = "arn:${data.aws_partition.current.partition}:s3:::${var.state_bucket_name}/${var.state_key}.tflock"
}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.existing_oidc_provider_arn == null ? 1 : 0

  url            = "https://${local.issuer_host}"
  client_id_list = ["sts.amazonaws.com"]

  tags = merge(var.tags, { Name = "github-actions" })
}

resource "aws_iam_role" "this" {
  for_each = local.trust

  name                 = "${var.name}-github-${each.key}"
  description          = "GitHub Actions of ${var.repository} (${each.value})."
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.issuer_host}:aud" = "sts.amazonaws.com"
          "${local.issuer_host}:sub" = each.value
        }
      }
    }]
  })

  tags = var.tags
}

# terraform plan refreshes every resource, so it reads nearly everything; it changes nothing.
resource "aws_iam_role_policy_attachment" "ci_read_only" {
  role       = aws_iam_role.this["ci"].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy" "ci" {
  name = "push-images-and-plan"
  role = aws_iam_role.this["ci"].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          # GetAuthorizationToken has no resource type; the pushes below are scoped.
          Sid      = "LogInToEcr"
          Effect   = "Allow"
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        },
        {
          Sid    = "PushTheShopImages"
          Effect = "Allow"
          Action = [
            "ecr:BatchCheckLayerAvailability",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage",
            "ecr:BatchGetImage",
            "ecr:DescribeImages",
            "ecr:DescribeImageScanFindings",
          ]
          Resource = var.ecr_repository_arns
        },
        {
          Sid      = "TakeAndReleaseTheStateLock"
          Effect   = "Allow"
          Action   = ["s3:PutObject", "s3:DeleteObject"]
          Resource = local.state_lock_object
        },
      ],
      var.state_kms_key_arn == null ? [] : [{
        Sid      = "ReadTheEncryptedState"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = var.state_kms_key_arn
      }],
      length(var.plan_readable_secret_arns) == 0 ? [] : [{
        Sid      = "RefreshManagedSecretVersions"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = var.plan_readable_secret_arns
      }],
      var.plan_readable_secret_kms_key_arn == null ? [] : [{
        Sid      = "DecryptThemThroughSecretsManager"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = var.plan_readable_secret_kms_key_arn
        Condition = {
          StringEquals = { "kms:ViaService" = "secretsmanager.${data.aws_region.current.name}.amazonaws.com" }
        }
      }],
    )
  })
}

resource "aws_iam_role_policy_attachment" "deploy_administrator" {
  #checkov:skip=CKV_AWS_274:The deploy role applies this whole configuration (IAM roles, KMS keys, EKS, RDS); it is assumable only from the production environment, whose required reviewers approve each apply.
  role       = aws_iam_role.this["deploy"].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess"
}
