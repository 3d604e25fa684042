-- 0021: the governance records refer to the governing documents (issue 14,
-- once documents, goals and meetings were built side by side):
--
-- goals              document_id: the policy the goal comes from
-- security_function  mandate_document_id: the governing document that
--                    gives the role its mandate (mandate keeps the section
--                    or the decision, as text)
-- meeting_decisions  document_id: a document the meeting adopted or decided on

ALTER TABLE goals ADD COLUMN document_id INTEGER REFERENCES governing_documents(id);
CREATE INDEX goals_document ON goals(document_id);
ALTER TABLE security_function ADD COLUMN mandate_document_id INTEGER REFERENCES governing_documents(id);
CREATE INDEX security_function_document ON security_function(mandate_document_id);
ALTER TABLE meeting_decisions ADD COLUMN document_id INTEGER REFERENCES governing_documents(id);
CREATE INDEX meeting_decisions_document ON meeting_decisions(document_id);
