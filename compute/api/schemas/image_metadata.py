"""Request bodies of /images/{image_id}/metadata: the whole set (create and
update_all) and one item (update).

Nova checks image metadata exactly as server metadata (keys of 1..255
``[a-zA-Z0-9-_:. ]``, string values up to 255), so the schemas are the
server metadata ones.
"""

from compute.api.schemas import server_metadata

CREATE = server_metadata.METADATA
UPDATE_ALL = server_metadata.METADATA
UPDATE = server_metadata.ITEM
