# The EKS control plane: private API endpoint (public only if asked, and then only to listed
# addresses), every control plane log type in an encrypted log group, Kubernetes Secrets encrypted
# with a customer-managed KMS key, and an OIDC provider so pods can assume IAM roles (IRSA).

module "secrets_key" {
  source = "../kms-key"

  alias       = "${var.cluster_name}-eks-secrets"
  description = "Envelope encryption of Kubernetes Secrets in ${var.cluster_name}."
  tags        = var.tags
}

module "logs_key" {
  source = "../kms-key"

  alias                   = "${var.cluster_name}-eks-logs"
  description             = "Encrypts the control plane logs of ${var.cluster_name}."
  cloudwatch_logs_service = true
  tags                    = var.tags
}

# Created before the cluster so EKS writes into it rather than making an unencrypted one that
# keeps logs forever.
resource "aws_cloudwatch_log_group" "cluster" {
  name              = "/aws/eks/${var.cluster_name}/cluster"
  retention_in_days = var.log_retention_days
  kms_key_id        = module.logs_key.key_arn

  tags = var.tags
}

resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  vpc_config {
    subnet_ids              = var.private_subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = var.endpoint_public_access
    public_access_cidrs     = var.endpoint_public_access_cidrs
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = module.secrets_key.key_arn
    }
  }

  # Access entries (access.tf) decide who administers the cluster; whoever happens to run the
  # first apply gets nothing implicit.
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  # Standard support only: a cluster left on an old version fails loudly instead of quietly
  # moving to paid extended support.
  upgrade_policy {
    support_type = "STANDARD"
  }

  tags = var.tags

  depends_on = [
    aws_iam_role_policy_attachment.cluster,
    aws_cloudwatch_log_group.cluster,
  ]
}

# No thumbprint_list: given none, IAM fetches and trusts the issuer's certificate itself, so a
# rotated EKS certificate never breaks IRSA.
resource "aws_iam_openid_connect_provider" "this" {
  url            = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]

  tags = merge(var.tags, { Name = "${var.cluster_name}-irsa" })
}
