"""Django project configuration: settings (base, dev, test, prod), URLs, WSGI."""
