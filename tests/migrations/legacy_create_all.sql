-- The assistant database as Base.metadata.create_all made it before migrations
-- (SQLite: the schedule tables, then the console tables), an existing installation.
CREATE TABLE schedule_topics (
	code VARCHAR(32) NOT NULL, 
	label VARCHAR(200) NOT NULL, 
	PRIMARY KEY (code)
);
CREATE TABLE classes (
	id VARCHAR(64) NOT NULL, 
	title VARCHAR(300) NOT NULL, 
	commune VARCHAR(120) NOT NULL, 
	village VARCHAR(120) NOT NULL, 
	venue VARCHAR(300) NOT NULL, 
	starts_at DATETIME NOT NULL, 
	ends_at DATETIME NOT NULL, 
	instructor VARCHAR(200) NOT NULL, 
	contact_phone VARCHAR(20) NOT NULL, 
	audience VARCHAR(300) NOT NULL, 
	capacity INTEGER, 
	notes TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_classes_starts_at ON classes (starts_at);
CREATE TABLE help_contacts (
	id VARCHAR(64) NOT NULL, 
	commune VARCHAR(120) NOT NULL, 
	village VARCHAR(120) NOT NULL, 
	role VARCHAR(200) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	phone VARCHAR(20) NOT NULL, 
	zalo VARCHAR(200) NOT NULL, 
	hours VARCHAR(200) NOT NULL, 
	notes TEXT NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE schedule_meta (
	"key" VARCHAR(64) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE schedule_topic_words (
	id INTEGER NOT NULL, 
	topic_code VARCHAR(32), 
	phrase VARCHAR(200) NOT NULL, 
	weak BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (topic_code, phrase), 
	FOREIGN KEY(topic_code) REFERENCES schedule_topics (code) ON DELETE CASCADE
);
CREATE TABLE class_topics (
	class_id VARCHAR(64) NOT NULL, 
	topic_code VARCHAR(32) NOT NULL, 
	position INTEGER NOT NULL, 
	PRIMARY KEY (class_id, topic_code), 
	FOREIGN KEY(class_id) REFERENCES classes (id) ON DELETE CASCADE
);
CREATE INDEX ix_class_topics_topic_code ON class_topics (topic_code);
CREATE TABLE registrations (
	id INTEGER NOT NULL, 
	class_id VARCHAR(64) NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	phone VARCHAR(20) NOT NULL, 
	sender_id VARCHAR(200), 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_registration_phone UNIQUE (class_id, phone), 
	FOREIGN KEY(class_id) REFERENCES classes (id)
);
CREATE INDEX ix_registrations_class_id ON registrations (class_id);
CREATE TABLE console_users (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	password_hash VARCHAR(300) NOT NULL, 
	session_epoch INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_login_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE console_login_failures (
	id INTEGER NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	client VARCHAR(64) NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_console_login_failures_client ON console_login_failures (client);
CREATE INDEX ix_console_login_failures_at ON console_login_failures (at);
CREATE INDEX ix_console_login_failures_name ON console_login_failures (name);
CREATE TABLE console_decisions (
	id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	article_id VARCHAR(64), 
	text TEXT NOT NULL, 
	examples TEXT NOT NULL, 
	asked INTEGER NOT NULL, 
	users INTEGER NOT NULL, 
	first_seen DATETIME, 
	last_seen DATETIME, 
	note TEXT NOT NULL, 
	decided_by VARCHAR(64) NOT NULL, 
	decided_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_console_decisions_kind ON console_decisions (kind);
CREATE TABLE console_decided_messages (
	"key" VARCHAR(500) NOT NULL, 
	decision_id INTEGER NOT NULL, 
	PRIMARY KEY ("key"), 
	FOREIGN KEY(decision_id) REFERENCES console_decisions (id) ON DELETE CASCADE
);
