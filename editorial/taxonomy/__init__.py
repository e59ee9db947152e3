"""Sections, regions and tags (admins, `taxonomy.manage`): add, rename (an old address answers
301), reorder, retire and restore, delete an unused one, merge two tags. The writes are `service`;
the reads every feature shares (menu order, a tag by name, where an old slug went) sit beside
the models in `editorial.models.taxonomy`.

A section may have a desk owner, set by an admin on the section's page (`owners`, a labelled
select posted as a plain form, `owner_views`): an active editor or admin, checked again on the
server, the change audited as `desk_owner.changed`. The owner gets the section's weekly summary
of insights every Monday at 07:00 newsroom time, in the inbox and by email if they chose it
(`insights.weekly`). A section with no owner has its summary sent to nobody, and the admin pages
say so ("No desk owner: nobody gets this section's weekly summary")."""
