# DhakaCart on AWS: a VPC over three availability zones, an EKS cluster whose nodes span them, a
# Multi-AZ PostgreSQL on RDS, an S3 backup bucket, Secrets Manager for the shop's secrets, ECR for
# its images, and (optionally) the GitHub Actions roles that deploy it. Every module is local and
# written with plain resources (see README.md, "Why no registry modules").

locals {
  name = "${var.name}-${var.environment}"

  tags = merge(var.tags, {
    Project     = var.name
    Environment = var.environment
    ManagedBy   = "terraform"
  })

  github_enabled = var.github_repository != null
}

module "network" {
  source = "./modules/network"

  name                    = local.name
  cluster_name            = local.name
  vpc_cidr                = var.vpc_cidr
  availability_zones      = var.availability_zones
  single_nat_gateway      = var.single_nat_gateway
  flow_log_retention_days = var.log_retention_days
}

module "cluster" {
  source = "./modules/cluster"

  cluster_name                 = local.name
  kubernetes_version           = var.kubernetes_version
  vpc_id                       = module.network.vpc_id
  private_subnet_ids           = module.network.private_subnet_ids
  endpoint_public_access       = var.cluster_endpoint_public_access
  endpoint_public_access_cidrs = var.cluster_endpoint_public_access_cidrs
  log_retention_days           = var.log_retention_days
  node_groups                  = var.node_groups

  admin_principal_arns = merge(
    var.cluster_admin_principal_arns,
    local.github_enabled ? { github-deploy = module.github_actions[0].deploy_role_arn } : {},
  )
}

module "secrets" {
  source = "./modules/secrets"

  name                    = local.name
  database_secret_arn     = module.database.master_user_secret_arn
  oidc_provider_arn       = module.cluster.oidc_provider_arn
  oidc_issuer_url         = module.cluster.oidc_issuer_url
  backend_namespace       = var.app_namespace
  backend_service_account = var.backend_service_account
  jwt_secret_version      = var.jwt_secret_version
}

module "database" {
  source = "./modules/database"

  identifier                     = local.name
  vpc_id                         = module.network.vpc_id
  subnet_ids                     = module.network.private_subnet_ids
  allowed_security_group_id      = module.cluster.node_security_group_id
  postgres_major_version         = var.db_postgres_major_version
  instance_class                 = var.db_instance_class
  allocated_storage_gib          = var.db_allocated_storage_gib
  max_allocated_storage_gib      = var.db_max_allocated_storage_gib
  database_name                  = var.db_name
  master_username                = var.db_master_username
  master_user_secret_kms_key_arn = module.secrets.kms_key_arn
  backup_retention_days          = var.db_backup_retention_days
  log_retention_days             = var.log_retention_days
}

module "backups" {
  source = "./modules/backups"

  name                       = local.name
  bucket_name                = var.backup_bucket_name
  expiration_days            = var.backup_expiration_days
  oidc_provider_arn          = module.cluster.oidc_provider_arn
  oidc_issuer_url            = module.cluster.oidc_issuer_url
  backup_job_namespace       = var.app_namespace
  backup_job_service_account = var.backup_job_service_account
}

module "registry" {
  source = "./modules/registry"

  repository_prefix = var.name
  components        = ["backend", "frontend"]
}

module "github_actions" {
  source = "./modules/github-actions"
  count  = local.github_enabled ? 1 : 0

  name                             = local.name
  repository                       = var.github_repository
  existing_oidc_provider_arn       = var.github_existing_oidc_provider_arn
  ecr_repository_arns              = values(module.registry.repository_arns)
  state_bucket_name                = var.state_bucket_name
  state_key                        = var.state_key
  state_kms_key_arn                = var.state_kms_key_arn
  plan_readable_secret_arns        = [module.secrets.jwt_secret_arn]
  plan_readable_secret_kms_key_arn = module.secrets.kms_key_arn
}
