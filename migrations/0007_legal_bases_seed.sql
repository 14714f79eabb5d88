-- Legal bases from ../shared/domain.md §5. Operators change them through /v1/legal-bases; this only
-- seeds a fresh database. Procedure codes are the national ones as they appear in public
-- integration code and are unconfirmed against the national procedure database.
-- Decree 87/2020/NĐ-CP art. 24(7): once the civil-status and population databases run, the agency
-- registering a marriage must check marital status there and may not ask for the confirmation.
INSERT INTO "legal_bases" ("procedure_code", "document_type", "requester_level", "reference")
VALUES
  ('1.000894', 'marital-status-confirmation', 'commune', 'Nghị định 87/2020/NĐ-CP, Điều 24 khoản 7: cơ quan đăng ký kết hôn tra cứu tình trạng hôn nhân trong cơ sở dữ liệu, không yêu cầu công dân nộp giấy xác nhận'),
  ('1.000894', 'marital-status-confirmation', 'province', 'Nghị định 87/2020/NĐ-CP, Điều 24 khoản 7: cơ quan đăng ký kết hôn tra cứu tình trạng hôn nhân trong cơ sở dữ liệu, không yêu cầu công dân nộp giấy xác nhận')
ON CONFLICT DO NOTHING;
