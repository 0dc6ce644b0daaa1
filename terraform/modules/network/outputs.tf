output "vpc_id" {
  description = "Id of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets, one per zone in the order of availability_zones (load balancers and NAT gateways only)."
  value       = [for zone in var.availability_zones : aws_subnet.public[zone].id]
}

output "private_subnet_ids" {
  description = "Private subnets, one per zone in the order of availability_zones (nodes and the database)."
  value       = [for zone in var.availability_zones : aws_subnet.private[zone].id]
}

output "availability_zones" {
  description = "Zones the subnets span."
  value       = var.availability_zones
}

output "nat_gateway_public_ips" {
  description = "Addresses the private subnets reach the internet from (for allow-lists of third parties)."
  value       = [for eip in aws_eip.nat : eip.public_ip]
}
