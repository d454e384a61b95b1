"""WSGI entry points, for running the APIs under uwsgi, httpd or gunicorn."""
