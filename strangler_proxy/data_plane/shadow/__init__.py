"""Shadow traffic: copies of legacy reads sent to the service off the response path, compared."""
