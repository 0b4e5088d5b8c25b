// Schema: an audience member's `id` is unique (and indexed). Returns nothing.
CREATE CONSTRAINT audience_member_id IF NOT EXISTS FOR (m:AudienceMember) REQUIRE m.id IS UNIQUE
