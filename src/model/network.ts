// The cluster's network: kube-up's VPC and subnet, the master's fixed address nodes join, and the
// pod and service ranges kubeadm and flannel are given. The engine and the instance scripts share them.
export const VPC_CIDR = '172.20.0.0/16';
export const SUBNET_CIDR = '172.20.0.0/24';
/** kube-up's MASTER_INTERNAL_IP: the subnet's base + 9, the address nodes join. */
export const MASTER_PRIVATE_IP = '172.20.0.9';
export const POD_CIDR = '10.244.0.0/16';
export const SERVICE_CIDR = '10.0.0.0/16';
export const API_PORT = 443;
