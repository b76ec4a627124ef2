"""Django app for provider verification: the provider-state endpoint and its named handlers.

Installed only by the settings modules in `contracts/provider_settings/`, never by a real
deployment: the endpoint writes whatever a pact's states ask for into the database.
"""
