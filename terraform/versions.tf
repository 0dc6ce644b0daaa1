terraform {
  # 1.11: write-only arguments (JWT_SECRET never lands in state); 1.10: S3 native state locking;
  # 1.9: validations that refer to other variables.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}
