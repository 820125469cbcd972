"""The SPARQL endpoint: the protocol, the query editor, the service and dataset descriptions, and
the HTTP answer cache in front of the app."""
