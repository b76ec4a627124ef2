"""Local read models of customers and products, kept current from the users and products events."""
