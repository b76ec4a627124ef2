-- One database per service and one for the control plane, beside the shop's (docker-compose.yml).
CREATE DATABASE users;
CREATE DATABASE products;
CREATE DATABASE orders;
CREATE DATABASE control_plane;
