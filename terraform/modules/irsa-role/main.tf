# An IAM role that exactly one Kubernetes service account can assume through the cluster's OIDC
# provider (IAM Roles for Service Accounts). Pods get short-lived credentials for only what their
# workload needs, instead of inheriting the node's role.

locals {
  issuer_host = trimprefix(var.oidc_issuer_url, "https://")
}

resource "aws_iam_role" "this" {
  name        = var.name
  description = var.description

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OnlyThisServiceAccount"
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.issuer_host}:sub" = "system:serviceaccount:${var.namespace}:${var.service_account}"
          "${local.issuer_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  for_each = var.inline_policies

  name   = each.key
  role   = aws_iam_role.this.id
  policy = each.value
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = toset(var.managed_policy_arns)

  role       = aws_iam_role.this.name
  policy_arn = each.value
}
