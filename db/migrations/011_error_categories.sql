-- Error categories on rejection (issue #13), as LISA QA / MQM-style review scorecards count
-- them: what kind of mistake a reviewer rejected a slot for. NULL for approvals and for
-- rejections made before categories existed.
ALTER TABLE approvals ADD COLUMN error_category TEXT
  CHECK (error_category IS NULL OR error_category IN ('accuracy', 'terminology', 'omission-addition', 'grammar-spelling', 'style'));
CREATE INDEX approvals_rejections ON approvals(decision, segment_id) WHERE decision = 'rejected';
