"""compute: a from-scratch implementation of the OpenStack compute API and services."""

import warnings

# NOTE: this service uses native threads only. oslo.messaging imports
# oslo.service, whose default backend imports eventlet, which then warns
# that it is deprecated on every start; nothing here runs on eventlet.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
