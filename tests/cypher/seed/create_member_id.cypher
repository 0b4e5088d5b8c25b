// Unique AudienceMember.id, for test seeding.
CREATE CONSTRAINT audience_member_id IF NOT EXISTS FOR (member:AudienceMember) REQUIRE member.id IS UNIQUE
