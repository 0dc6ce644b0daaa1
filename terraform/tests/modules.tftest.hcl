# `terraform test` with a mocked AWS provider: evaluates each module (for_each keys, indexes,
# conditionals, validations) offline, with no AWS account. The values AWS would compute are mocked
# where the configuration indexes into them.
#
# The root module and modules/secrets are not run here: secrets generates JWT_SECRET with an
# ephemeral resource, which mock providers cannot open yet (Terraform 1.11). `terraform validate`
# covers their wiring; terraform/test/*.test.ts and checkov cover their policies.
# Run: terraform init -backend=false && terraform test   (terraform/test/terraform-cli.test.ts
# does this when terraform and a local provider mirror are available.)

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name = "ap-southeast-1"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_resource "aws_eks_cluster" {
    defaults = {
      identity              = [{ oidc = [{ issuer = "https://oidc.eks.ap-southeast-1.amazonaws.com/id/EXAMPLE" }] }]
      certificate_authority = [{ data = "LS0tLS1CRUdJTg==" }]
    }
  }

  mock_resource "aws_db_instance" {
    defaults = {
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:rds!db-EXAMPLE", kms_key_id = "key", secret_status = "active" }]
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:ap-southeast-1:123456789012:log-group:mocked"
    }
  }

  mock_resource "aws_launch_template" {
    defaults = {
      id             = "lt-0123456789abcdef0"
      latest_version = 1
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:ap-southeast-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mocked"
    }
  }

  mock_resource "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::123456789012:oidc-provider/mocked"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::mocked"
    }
  }

  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:ap-southeast-1:123456789012:repository/mocked"
      repository_url = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/mocked"
    }
  }
}

variables {
  name               = "dhakacart-production"
  cluster_name       = "dhakacart-production"
  vpc_cidr           = "10.40.0.0/16"
  availability_zones = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]
  oidc_provider_arn  = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-southeast-1.amazonaws.com/id/EXAMPLE"
  oidc_issuer_url    = "https://oidc.eks.ap-southeast-1.amazonaws.com/id/EXAMPLE"
}

run "network_has_a_public_and_a_private_subnet_and_a_nat_gateway_per_zone" {
  command = apply

  module {
    source = "./modules/network"
  }

  assert {
    condition     = length(output.private_subnet_ids) == 3 && length(output.public_subnet_ids) == 3
    error_message = "Expected a public and a private subnet in each of the 3 zones."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 3
    error_message = "Production needs one NAT gateway per zone."
  }

  assert {
    condition     = toset([for subnet in aws_subnet.private : subnet.cidr_block]) == toset(["10.40.32.0/19", "10.40.64.0/19", "10.40.96.0/19"])
    error_message = "Each zone's private subnet should be a whole /19 after the public /19."
  }

  assert {
    condition     = alltrue([for zone, route in aws_route.private_egress : route.nat_gateway_id == aws_nat_gateway.this[zone].id && route.gateway_id == null])
    error_message = "Each private subnet must leave through the NAT gateway of its own zone, never the internet gateway."
  }
}

run "network_single_nat_gateway_for_non_production" {
  command = apply

  module {
    source = "./modules/network"
  }

  variables {
    single_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_route.private_egress) == 3
    error_message = "single_nat_gateway must create one NAT gateway that all three private route tables use."
  }
}

run "network_rejects_two_zones" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    availability_zones = ["ap-southeast-1a", "ap-southeast-1b"]
  }

  expect_failures = [var.availability_zones]
}

run "cluster_node_groups_span_every_private_subnet" {
  command = apply

  module {
    source = "./modules/cluster"
  }

  variables {
    kubernetes_version = "1.33"
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-a", "subnet-b", "subnet-c"]
    node_groups = {
      general = { instance_types = ["m6i.large"], min_size = 3, max_size = 9, desired_size = 3 }
      spot    = { instance_types = ["m6i.large", "m5.large"], capacity_type = "SPOT", min_size = 0, max_size = 6, desired_size = 0 }
    }
    admin_principal_arns = { platform-team = "arn:aws:iam::123456789012:role/PlatformAdmin" }
  }

  assert {
    condition     = alltrue([for group in aws_eks_node_group.this : toset(group.subnet_ids) == toset(["subnet-a", "subnet-b", "subnet-c"])])
    error_message = "Every node group must span every private subnet."
  }

  assert {
    condition     = aws_eks_node_group.this["spot"].capacity_type == "SPOT" && aws_eks_node_group.this["general"].capacity_type == "ON_DEMAND"
    error_message = "capacity_type must default to ON_DEMAND and honour SPOT."
  }

  assert {
    condition     = aws_eks_cluster.this.vpc_config[0].endpoint_public_access == false
    error_message = "The API endpoint must be private by default."
  }

  assert {
    condition     = length(aws_eks_access_policy_association.admin) == 1
    error_message = "Each listed admin gets one cluster-admin access policy."
  }
}

run "cluster_rejects_min_above_desired" {
  command = plan

  module {
    source = "./modules/cluster"
  }

  variables {
    kubernetes_version = "1.33"
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-a", "subnet-b", "subnet-c"]
    node_groups        = { general = { instance_types = ["m6i.large"], min_size = 4, max_size = 9, desired_size = 3 } }
  }

  expect_failures = [var.node_groups]
}

run "database_is_multi_az_encrypted_private_and_kept" {
  command = apply

  module {
    source = "./modules/database"
  }

  variables {
    identifier                     = "dhakacart-production"
    vpc_id                         = "vpc-0123456789abcdef0"
    subnet_ids                     = ["subnet-a", "subnet-b", "subnet-c"]
    allowed_security_group_id      = "sg-0123456789abcdef0"
    master_user_secret_kms_key_arn = "arn:aws:kms:ap-southeast-1:123456789012:key/11111111-1111-1111-1111-111111111111"
  }

  assert {
    condition     = aws_db_instance.this.multi_az && aws_db_instance.this.storage_encrypted && !aws_db_instance.this.publicly_accessible && aws_db_instance.this.deletion_protection
    error_message = "RDS must be Multi-AZ, encrypted, private and deletion-protected."
  }

  assert {
    condition     = aws_db_instance.this.backup_retention_period >= 7 && aws_db_instance.this.parameter_group_name == aws_db_parameter_group.this.name
    error_message = "RDS must keep 7 days of backups and use the TLS-only parameter group."
  }

  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:rds!db-EXAMPLE"
    error_message = "The module must expose the RDS-managed secret."
  }
}

run "database_rejects_short_backup_retention" {
  command = plan

  module {
    source = "./modules/database"
  }

  variables {
    identifier                     = "dhakacart-production"
    vpc_id                         = "vpc-0123456789abcdef0"
    subnet_ids                     = ["subnet-a", "subnet-b", "subnet-c"]
    allowed_security_group_id      = "sg-0123456789abcdef0"
    master_user_secret_kms_key_arn = "arn:aws:kms:ap-southeast-1:123456789012:key/11111111-1111-1111-1111-111111111111"
    backup_retention_days          = 3
  }

  expect_failures = [var.backup_retention_days]
}

run "backups_bucket_is_named_after_the_account" {
  command = apply

  module {
    source = "./modules/backups"
  }

  variables {
    backup_job_namespace = "dhakacart"
  }

  assert {
    condition     = output.bucket_name == "dhakacart-production-backups-123456789012"
    error_message = "The default bucket name is <name>-backups-<account id>."
  }

  assert {
    condition     = aws_s3_bucket_versioning.backups.versioning_configuration[0].status == "Enabled"
    error_message = "Backups must be versioned."
  }
}

run "backups_reject_glacier_before_infrequent_access_ends" {
  command = plan

  module {
    source = "./modules/backups"
  }

  variables {
    backup_job_namespace       = "dhakacart"
    transition_to_glacier_days = 45
  }

  expect_failures = [var.expiration_days]
}

run "registry_has_immutable_scanned_repositories" {
  command = apply

  module {
    source = "./modules/registry"
  }

  assert {
    condition     = toset(keys(output.repository_urls)) == toset(["backend", "frontend"])
    error_message = "Expected a backend and a frontend repository."
  }

  assert {
    condition     = alltrue([for repository in aws_ecr_repository.this : repository.image_tag_mutability == "IMMUTABLE" && repository.image_scanning_configuration[0].scan_on_push])
    error_message = "Repositories must have immutable tags and scan on push."
  }
}

run "github_roles_trust_main_and_the_production_environment" {
  command = apply

  module {
    source = "./modules/github-actions"
  }

  variables {
    repository          = "acme/dhakacart"
    ecr_repository_arns = ["arn:aws:ecr:ap-southeast-1:123456789012:repository/dhakacart/backend"]
    state_bucket_name   = "dhakacart-terraform-state-123456789012"
    state_key           = "dhakacart/production/terraform.tfstate"
  }

  assert {
    condition     = strcontains(aws_iam_role.this["ci"].assume_role_policy, "repo:acme/dhakacart:ref:refs/heads/main")
    error_message = "The CI role must trust the main branch only."
  }

  assert {
    condition     = strcontains(aws_iam_role.this["deploy"].assume_role_policy, "repo:acme/dhakacart:environment:production")
    error_message = "The deploy role must trust the production environment only."
  }
}
