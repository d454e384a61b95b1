"""Server lifecycle logic behind the API: create, delete, restore."""
