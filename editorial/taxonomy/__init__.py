"""Sections, regions and tags (admins, `taxonomy.manage`): add, rename (an old address answers
301), reorder, retire and restore, delete an unused one, merge two tags. The writes are `service`;
the reads every feature shares (menu order, a tag by name, where an old slug went) sit beside
the models in `editorial.models.taxonomy`."""
