variable "repository_prefix" {
  description = "Namespace of the repositories: images are <prefix>/<component>, e.g. dhakacart/backend."
  type        = string
  default     = "dhakacart"

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*$", var.repository_prefix))
    error_message = "repository_prefix must be lowercase letters and digits, optionally separated by '.', '_' or '-'."
  }
}

variable "components" {
  description = "Images the shop ships; one repository each."
  type        = list(string)
  default     = ["backend", "frontend"]
}

variable "keep_tagged_images" {
  description = "How many tagged images each repository keeps (older ones expire; the running ones must be among them)."
  type        = number
  default     = 200

  validation {
    condition     = var.keep_tagged_images >= 10
    error_message = "keep_tagged_images must be at least 10 so a rollback target is never expired."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
