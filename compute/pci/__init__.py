"""PCI passthrough: the requests flavors make through ``[pci] alias``
(``request``) and the device pools hosts offer to them (``stats``)."""
