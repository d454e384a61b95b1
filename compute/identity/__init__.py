"""The built-in identity endpoint of the noauth2 all-in-one cloud."""
