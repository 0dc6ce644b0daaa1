# EKS managed add-ons, each AWS-facing one with its own IRSA role, plus the IRSA role the cluster
# autoscaler (installed by deploy.yml, k8s/addons) uses to resize the node groups.

module "vpc_cni_role" {
  source = "../irsa-role"

  name                = "${var.cluster_name}-vpc-cni"
  description         = "VPC CNI (aws-node) of ${var.cluster_name}: manages pod network interfaces."
  oidc_provider_arn   = aws_iam_openid_connect_provider.this.arn
  oidc_issuer_url     = aws_iam_openid_connect_provider.this.url
  namespace           = "kube-system"
  service_account     = "aws-node"
  managed_policy_arns = ["${local.managed_policy}/AmazonEKS_CNI_Policy"]
  tags                = var.tags
}

module "ebs_csi_role" {
  source = "../irsa-role"

  name                = "${var.cluster_name}-ebs-csi"
  description         = "EBS CSI driver of ${var.cluster_name}: creates and attaches volumes for PersistentVolumeClaims."
  oidc_provider_arn   = aws_iam_openid_connect_provider.this.arn
  oidc_issuer_url     = aws_iam_openid_connect_provider.this.url
  namespace           = "kube-system"
  service_account     = "ebs-csi-controller-sa"
  managed_policy_arns = ["${local.managed_policy}/service-role/AmazonEBSCSIDriverPolicy"]
  tags                = var.tags
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = "vpc-cni"
  service_account_role_arn    = module.vpc_cni_role.role_arn
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  # Runs the network policy agent beside aws-node: without it EKS accepts NetworkPolicies and
  # enforces none, and k8s/'s default-deny isolation of the dhakacart namespace would be decoration.
  configuration_values = jsonencode({ enableNetworkPolicy = "true" })

  tags = var.tags
}

resource "aws_eks_addon" "kube_proxy" {
  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = "kube-proxy"
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  tags = var.tags
}

# CoreDNS and the EBS CSI controller are Deployments: they need nodes to become healthy.
resource "aws_eks_addon" "coredns" {
  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = "coredns"
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  tags = var.tags

  depends_on = [aws_eks_node_group.this]
}

resource "aws_eks_addon" "ebs_csi" {
  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = "aws-ebs-csi-driver"
  service_account_role_arn    = module.ebs_csi_role.role_arn
  resolve_conflicts_on_create = "OVERWRITE"
  resolve_conflicts_on_update = "PRESERVE"

  tags = var.tags

  depends_on = [aws_eks_node_group.this]
}

module "cluster_autoscaler_role" {
  source = "../irsa-role"

  name              = "${var.cluster_name}-cluster-autoscaler"
  description       = "Cluster autoscaler of ${var.cluster_name}: resizes this cluster's node groups only."
  oidc_provider_arn = aws_iam_openid_connect_provider.this.arn
  oidc_issuer_url   = aws_iam_openid_connect_provider.this.url
  namespace         = "kube-system"
  service_account   = "cluster-autoscaler"
  tags              = var.tags

  inline_policies = {
    resize-own-node-groups = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          # Describe calls cannot be limited to resources (IAM has no resource type for them).
          Sid    = "DiscoverNodeGroups"
          Effect = "Allow"
          Action = [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements",
          ]
          Resource = "*"
        },
        {
          Sid      = "DescribeThisClustersNodeGroups"
          Effect   = "Allow"
          Action   = "eks:DescribeNodegroup"
          Resource = "arn:${data.aws_partition.current.partition}:eks:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:nodegroup/${var.cluster_name}/*/*"
        },
        {
          # EKS tags the groups it creates for this cluster k8s.io/cluster-autoscaler/<name>=owned.
          Sid      = "ResizeOnlyThisClustersNodeGroups"
          Effect   = "Allow"
          Action   = ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]
          Resource = "arn:${data.aws_partition.current.partition}:autoscaling:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:autoScalingGroup:*:autoScalingGroupName/eks-*"
          Condition = {
            StringEquals = { "aws:ResourceTag/k8s.io/cluster-autoscaler/${var.cluster_name}" = "owned" }
          }
        },
      ]
    })
  }
}
