-- The procedure catalogue's first entries (docs/catalog.md). Operators change them through
-- PUT /v1/procedures/{code}; this only seeds a fresh database and never overwrites an operator's row.
--
-- Codes: ../shared/domain.md §1 names 1.000466 (central) and 2.001178 (provincial), which certify the
-- link between the old 9-digit ID card and the personal ID: those two are `confirmed`. Every other
-- code was not checked against the national procedure database and is `unconfirmed`; each row's
-- `source` says so. Levels follow the two-tier local government of 1 July 2025 (no districts).
--
-- Requirements list only what the vault's 12 document types can supply; forms and documents Motlan
-- does not hold (application forms, the death notice, medical certificates) are not listed.
-- One JSON array (the same shape as the PUT body) so tests/unit/catalog/seed.test.ts can check every
-- entry against procedureProblems(): the seed cannot name a document type, role, field or registry
-- attribute that does not exist.
INSERT INTO "procedures" ("code", "level", "name_vi", "name_en", "applicant_kind", "requirements", "form_fields", "code_status", "source")
SELECT p."code", p."level", p."nameVi", p."nameEn", p."applicantKind", p."requirements", p."formFields", p."codeStatus", p."source"
FROM jsonb_to_recordset($seed$
[
  {
    "code": "1.001193",
    "level": "commune",
    "nameVi": "Đăng ký khai sinh",
    "nameEn": "Birth registration",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"marriage-certificate","nameVi":"Giấy chứng nhận kết hôn (khi cha, mẹ đã đăng ký kết hôn)","nameEn":"Marriage certificate (if married)","anyOf":["marriage-certificate"],"subject":"applicant","documentRole":"spouse","condition":{"attribute":"maritalStatus","in":["married"]}}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"currentResidence","labelVi":"Nơi ở hiện tại","labelEn":"Current residence","sources":[{"kind":"population","attribute":"currentResidence.line"}],"editable":true},
      {"name":"spouseFullName","labelVi":"Họ tên vợ/chồng của người đi đăng ký (cha hoặc mẹ của trẻ)","labelEn":"Applicant's spouse (the child's other parent)","sources":[{"kind":"population","attribute":"spouse.fullName"}],"editable":true}
    ]
  },
  {
    "code": "1.000894",
    "level": "commune",
    "nameVi": "Đăng ký kết hôn",
    "nameEn": "Marriage registration",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"birth-certificate-applicant","nameVi":"Giấy khai sinh của người yêu cầu","nameEn":"Applicant's birth certificate","anyOf":["birth-certificate"],"subject":"applicant","documentRole":"child"},
      {"id":"birth-certificate-spouse","nameVi":"Giấy khai sinh của bên kia","nameEn":"Spouse's birth certificate","anyOf":["birth-certificate"],"subject":"spouse","documentRole":"child"},
      {"id":"marital-status-applicant","nameVi":"Giấy xác nhận tình trạng hôn nhân của người yêu cầu","nameEn":"Applicant's marital-status confirmation","anyOf":["marital-status-confirmation"],"subject":"applicant","documentRole":"holder","maxAgeDays":180},
      {"id":"marital-status-spouse","nameVi":"Giấy xác nhận tình trạng hôn nhân của bên kia","nameEn":"Spouse's marital-status confirmation","anyOf":["marital-status-confirmation"],"subject":"spouse","documentRole":"holder","maxAgeDays":180}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"placeOfBirth","labelVi":"Nơi sinh","labelEn":"Place of birth","sources":[{"kind":"document","documentType":"birth-certificate","field":"placeOfBirth"},{"kind":"population","attribute":"birthPlace.province"}],"editable":false},
      {"name":"spouseFullName","labelVi":"Họ, chữ đệm và tên của bên kia","labelEn":"Spouse's full name","subject":"spouse","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"spouseBirthDate","labelVi":"Ngày, tháng, năm sinh của bên kia","labelEn":"Spouse's date of birth","subject":"spouse","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false}
    ]
  },
  {
    "code": "1.000656",
    "level": "commune",
    "nameVi": "Đăng ký khai tử",
    "nameEn": "Death registration",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Giấy báo tử không phải loại giấy tờ của kho; the death notice is not a vault document type.",
    "requirements": [],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"deceasedFullName","labelVi":"Họ, chữ đệm và tên người đã chết","labelEn":"Full name of the deceased","subject":"deceased","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"deceasedBirthDate","labelVi":"Ngày, tháng, năm sinh người đã chết","labelEn":"Date of birth of the deceased","subject":"deceased","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"deceasedSex","labelVi":"Giới tính người đã chết","labelEn":"Sex of the deceased","subject":"deceased","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"deceasedLastResidence","labelVi":"Nơi cư trú cuối cùng của người đã chết","labelEn":"Last residence of the deceased","subject":"deceased","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "1.004873",
    "level": "commune",
    "nameVi": "Cấp Giấy xác nhận tình trạng hôn nhân",
    "nameEn": "Issue of a marital-status confirmation",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"death-certificate-spouse","nameVi":"Trích lục khai tử của vợ/chồng (nếu vợ/chồng đã chết)","nameEn":"Spouse's death certificate (if the spouse has died)","anyOf":["death-certificate"],"subject":"spouse","documentRole":"deceased","condition":{"attribute":"status","in":["deceased"]}}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"nationality","labelVi":"Quốc tịch","labelEn":"Nationality","sources":[{"kind":"population","attribute":"nationality"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"maritalStatus","labelVi":"Tình trạng hôn nhân","labelEn":"Marital status","sources":[{"kind":"population","attribute":"maritalStatus"}],"editable":true}
    ]
  },
  {
    "code": "1.001022",
    "level": "commune",
    "nameVi": "Đăng ký nhận cha, mẹ, con",
    "nameEn": "Registration of parent–child recognition",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"birth-certificate-child","nameVi":"Giấy khai sinh của người con","nameEn":"The child's birth certificate","anyOf":["birth-certificate"],"subject":"child","documentRole":"child"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"childFullName","labelVi":"Họ, chữ đệm và tên người con","labelEn":"Child's full name","subject":"child","sources":[{"kind":"document","documentType":"birth-certificate","field":"fullName"},{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"childBirthDate","labelVi":"Ngày, tháng, năm sinh người con","labelEn":"Child's date of birth","subject":"child","sources":[{"kind":"document","documentType":"birth-certificate","field":"birthDate"},{"kind":"population","attribute":"birthDate"}],"editable":false}
    ]
  },
  {
    "code": "1.004222",
    "level": "commune",
    "nameVi": "Đăng ký thường trú",
    "nameEn": "Permanent-residence registration",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Công an cấp xã giải quyết; handled by the commune police.",
    "requirements": [
      {"id":"lawful-residence","nameVi":"Giấy tờ chứng minh chỗ ở hợp pháp","nameEn":"Proof of lawful residence","anyOf":["land-use-right-certificate","residence-confirmation"],"subject":"applicant"},
      {"id":"marriage-certificate","nameVi":"Giấy chứng nhận kết hôn (khi đăng ký vào chỗ ở của vợ, chồng)","nameEn":"Marriage certificate (if married)","anyOf":["marriage-certificate"],"subject":"applicant","documentRole":"spouse","condition":{"attribute":"maritalStatus","in":["married"]}}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"previousResidence","labelVi":"Nơi thường trú trước khi chuyển đến","labelEn":"Permanent residence before the move","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":false},
      {"name":"newResidence","labelVi":"Địa chỉ đề nghị đăng ký thường trú","labelEn":"Address to register","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"address"},{"kind":"population","attribute":"currentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "1.004194",
    "level": "commune",
    "nameVi": "Đăng ký tạm trú",
    "nameEn": "Temporary-residence registration",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Công an cấp xã giải quyết; handled by the commune police.",
    "requirements": [
      {"id":"lawful-residence","nameVi":"Giấy tờ chứng minh chỗ ở hợp pháp","nameEn":"Proof of lawful residence","anyOf":["land-use-right-certificate","residence-confirmation"],"subject":"applicant"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":false},
      {"name":"temporaryResidence","labelVi":"Địa chỉ đề nghị đăng ký tạm trú","labelEn":"Address to register as temporary residence","sources":[{"kind":"document","documentType":"residence-confirmation","field":"temporaryAddress"},{"kind":"population","attribute":"currentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "1.004227",
    "level": "commune",
    "nameVi": "Xác nhận thông tin về cư trú",
    "nameEn": "Confirmation of residence information",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Công an cấp xã giải quyết; handled by the commune police.",
    "requirements": [],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"currentResidence","labelVi":"Nơi ở hiện tại","labelEn":"Current residence","sources":[{"kind":"population","attribute":"currentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "2.000488",
    "level": "province",
    "nameVi": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
    "nameEn": "Issue of a judicial record extract to a Vietnamese citizen or a foreigner residing in Vietnam",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Sở Tư pháp giải quyết; handled by the provincial Department of Justice.",
    "requirements": [
      {"id":"residence-proof","nameVi":"Giấy tờ chứng minh nơi cư trú","nameEn":"Proof of residence","anyOf":["residence-confirmation"],"subject":"applicant","documentRole":"resident","maxAgeDays":180}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"placeOfBirth","labelVi":"Nơi sinh","labelEn":"Place of birth","sources":[{"kind":"document","documentType":"birth-certificate","field":"placeOfBirth"},{"kind":"population","attribute":"birthPlace.province"}],"editable":false},
      {"name":"nationality","labelVi":"Quốc tịch","labelEn":"Nationality","sources":[{"kind":"population","attribute":"nationality"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"currentResidence","labelVi":"Nơi ở hiện tại","labelEn":"Current residence","sources":[{"kind":"population","attribute":"currentResidence.line"}],"editable":true},
      {"name":"fatherFullName","labelVi":"Họ tên cha","labelEn":"Father's full name","sources":[{"kind":"population","attribute":"father.fullName"},{"kind":"document","documentType":"birth-certificate","field":"fatherName"}],"editable":false},
      {"name":"motherFullName","labelVi":"Họ tên mẹ","labelEn":"Mother's full name","sources":[{"kind":"population","attribute":"mother.fullName"},{"kind":"document","documentType":"birth-certificate","field":"motherName"}],"editable":false},
      {"name":"spouseFullName","labelVi":"Họ tên vợ/chồng","labelEn":"Spouse's full name","sources":[{"kind":"population","attribute":"spouse.fullName"}],"editable":true}
    ]
  },
  {
    "code": "1.000466",
    "level": "central",
    "nameVi": "Xác nhận số Chứng minh nhân dân 9 số và số định danh cá nhân (cấp trung ương)",
    "nameEn": "Certification of the old 9-digit ID card number and the personal ID (central level)",
    "applicantKind": "citizen",
    "codeStatus": "confirmed",
    "source": "Xác nhận: ../shared/domain.md §1 nêu thủ tục 1.000466 (trung ương) và 2.001178 (cấp tỉnh) xác nhận liên kết số CMND 9 số cũ với số định danh cá nhân; tên thủ tục do Motlan diễn đạt. Confirmed: ../shared/domain.md §1 names 1.000466 (central) and 2.001178 (provincial) as certifying the old 9-digit ID ↔ personal ID link; the wording of the name is ours.",
    "requirements": [],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"oldIdCard","labelVi":"Số Chứng minh nhân dân 9 số đã được cấp","labelEn":"Old 9-digit ID card number","sources":[{"kind":"population","attribute":"oldIdCard"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "2.001178",
    "level": "province",
    "nameVi": "Xác nhận số Chứng minh nhân dân 9 số và số định danh cá nhân (cấp tỉnh)",
    "nameEn": "Certification of the old 9-digit ID card number and the personal ID (provincial level)",
    "applicantKind": "citizen",
    "codeStatus": "confirmed",
    "source": "Xác nhận: ../shared/domain.md §1 nêu thủ tục 1.000466 (trung ương) và 2.001178 (cấp tỉnh) xác nhận liên kết số CMND 9 số cũ với số định danh cá nhân; tên thủ tục do Motlan diễn đạt. Confirmed: ../shared/domain.md §1 names 1.000466 (central) and 2.001178 (provincial) as certifying the old 9-digit ID ↔ personal ID link; the wording of the name is ours.",
    "requirements": [],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"oldIdCard","labelVi":"Số Chứng minh nhân dân 9 số đã được cấp","labelEn":"Old 9-digit ID card number","sources":[{"kind":"population","attribute":"oldIdCard"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "2.001610",
    "level": "province",
    "nameVi": "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
    "nameEn": "Change of enterprise registration details",
    "applicantKind": "business",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Phòng Đăng ký kinh doanh cấp tỉnh; the provincial business registration office.",
    "requirements": [
      {"id":"enterprise-registration","nameVi":"Giấy chứng nhận đăng ký doanh nghiệp","nameEn":"Enterprise registration certificate","anyOf":["enterprise-registration"],"subject":"applicant","documentRole":"enterprise"}
    ],
    "formFields": [
      {"name":"enterpriseName","labelVi":"Tên doanh nghiệp","labelEn":"Enterprise name","sources":[{"kind":"business","attribute":"names.vi"}],"editable":false},
      {"name":"headOfficeAddress","labelVi":"Địa chỉ trụ sở chính","labelEn":"Head-office address","sources":[{"kind":"business","attribute":"address.line"}],"editable":true},
      {"name":"legalRepresentative","labelVi":"Người đại diện theo pháp luật","labelEn":"Legal representative","sources":[{"kind":"business","attribute":"legalRepresentatives.0.fullName"}],"editable":false},
      {"name":"charterCapital","labelVi":"Vốn điều lệ (đồng)","labelEn":"Charter capital (VND)","sources":[{"kind":"document","documentType":"enterprise-registration","field":"charterCapitalVnd"},{"kind":"business","attribute":"charterCapitalVnd"}],"editable":false}
    ]
  },
  {
    "code": "2.002040",
    "level": "province",
    "nameVi": "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
    "nameEn": "Registration of a new single-member limited liability company",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Người nộp là chủ sở hữu cá nhân, vì doanh nghiệp chưa tồn tại; the applicant is the individual founder, as the enterprise does not exist yet.",
    "requirements": [],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"nationality","labelVi":"Quốc tịch","labelEn":"Nationality","sources":[{"kind":"population","attribute":"nationality"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"currentResidence","labelVi":"Nơi ở hiện tại","labelEn":"Current residence","sources":[{"kind":"population","attribute":"currentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "2.001199",
    "level": "province",
    "nameVi": "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo",
    "nameEn": "Notice of business suspension or early resumption",
    "applicantKind": "business",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"enterprise-registration","nameVi":"Giấy chứng nhận đăng ký doanh nghiệp","nameEn":"Enterprise registration certificate","anyOf":["enterprise-registration"],"subject":"applicant","documentRole":"enterprise"}
    ],
    "formFields": [
      {"name":"enterpriseName","labelVi":"Tên doanh nghiệp","labelEn":"Enterprise name","sources":[{"kind":"business","attribute":"names.vi"}],"editable":false},
      {"name":"enterpriseCode","labelVi":"Mã số doanh nghiệp","labelEn":"Enterprise code","sources":[{"kind":"business","attribute":"code"}],"editable":false},
      {"name":"headOfficeAddress","labelVi":"Địa chỉ trụ sở chính","labelEn":"Head-office address","sources":[{"kind":"business","attribute":"address.line"}],"editable":true},
      {"name":"legalRepresentative","labelVi":"Người đại diện theo pháp luật","labelEn":"Legal representative","sources":[{"kind":"business","attribute":"legalRepresentatives.0.fullName"}],"editable":false}
    ]
  },
  {
    "code": "2.001249",
    "level": "province",
    "nameVi": "Giải thể doanh nghiệp",
    "nameEn": "Dissolution of an enterprise",
    "applicantKind": "business",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"enterprise-registration","nameVi":"Giấy chứng nhận đăng ký doanh nghiệp","nameEn":"Enterprise registration certificate","anyOf":["enterprise-registration"],"subject":"applicant","documentRole":"enterprise"}
    ],
    "formFields": [
      {"name":"enterpriseName","labelVi":"Tên doanh nghiệp","labelEn":"Enterprise name","sources":[{"kind":"business","attribute":"names.vi"}],"editable":false},
      {"name":"enterpriseCode","labelVi":"Mã số doanh nghiệp","labelEn":"Enterprise code","sources":[{"kind":"business","attribute":"code"}],"editable":false},
      {"name":"headOfficeAddress","labelVi":"Địa chỉ trụ sở chính","labelEn":"Head-office address","sources":[{"kind":"business","attribute":"address.line"}],"editable":true},
      {"name":"legalRepresentative","labelVi":"Người đại diện theo pháp luật","labelEn":"Legal representative","sources":[{"kind":"business","attribute":"legalRepresentatives.0.fullName"}],"editable":false}
    ]
  },
  {
    "code": "2.001224",
    "level": "province",
    "nameVi": "Đăng ký hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh",
    "nameEn": "Registration of a branch, representative office or business location",
    "applicantKind": "business",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"enterprise-registration","nameVi":"Giấy chứng nhận đăng ký doanh nghiệp","nameEn":"Enterprise registration certificate","anyOf":["enterprise-registration"],"subject":"applicant","documentRole":"enterprise"}
    ],
    "formFields": [
      {"name":"enterpriseName","labelVi":"Tên doanh nghiệp","labelEn":"Enterprise name","sources":[{"kind":"business","attribute":"names.vi"}],"editable":false},
      {"name":"enterpriseCode","labelVi":"Mã số doanh nghiệp","labelEn":"Enterprise code","sources":[{"kind":"business","attribute":"code"}],"editable":false},
      {"name":"headOfficeAddress","labelVi":"Địa chỉ trụ sở chính","labelEn":"Head-office address","sources":[{"kind":"business","attribute":"address.line"}],"editable":true},
      {"name":"legalRepresentative","labelVi":"Người đại diện theo pháp luật","labelEn":"Legal representative","sources":[{"kind":"business","attribute":"legalRepresentatives.0.fullName"}],"editable":false},
      {"name":"charterCapital","labelVi":"Vốn điều lệ (đồng)","labelEn":"Charter capital (VND)","sources":[{"kind":"document","documentType":"enterprise-registration","field":"charterCapitalVnd"},{"kind":"business","attribute":"charterCapitalVnd"}],"editable":false}
    ]
  },
  {
    "code": "2.000720",
    "level": "commune",
    "nameVi": "Đăng ký thành lập hộ kinh doanh",
    "nameEn": "Household-business registration",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Cấp giải quyết sau cải cách 1/7/2025 (bỏ cấp huyện) chưa xác nhận. Level after the 1 July 2025 reform (districts abolished) unconfirmed.",
    "requirements": [],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"nationality","labelVi":"Quốc tịch","labelEn":"Nationality","sources":[{"kind":"population","attribute":"nationality"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"currentResidence","labelVi":"Nơi ở hiện tại","labelEn":"Current residence","sources":[{"kind":"population","attribute":"currentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "2.000575",
    "level": "commune",
    "nameVi": "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
    "nameEn": "Change of household-business registration details",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Cấp giải quyết sau cải cách 1/7/2025 (bỏ cấp huyện) chưa xác nhận. Level after the 1 July 2025 reform (districts abolished) unconfirmed.",
    "requirements": [
      {"id":"household-business-registration","nameVi":"Giấy chứng nhận đăng ký hộ kinh doanh","nameEn":"Household-business registration certificate","anyOf":["household-business-registration"],"subject":"applicant","documentRole":"owner"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"businessName","labelVi":"Tên hộ kinh doanh","labelEn":"Business name","sources":[{"kind":"document","documentType":"household-business-registration","field":"businessName"}],"editable":false},
      {"name":"businessAddress","labelVi":"Địa điểm kinh doanh","labelEn":"Business address","sources":[{"kind":"document","documentType":"household-business-registration","field":"businessAddress"}],"editable":true},
      {"name":"capital","labelVi":"Vốn kinh doanh (đồng)","labelEn":"Capital (VND)","sources":[{"kind":"document","documentType":"household-business-registration","field":"capitalVnd"}],"editable":true}
    ]
  },
  {
    "code": "1.003010",
    "level": "province",
    "nameVi": "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế",
    "nameEn": "Registration of a change of land-use rights by transfer, gift or inheritance",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Văn phòng đăng ký đất đai cấp tỉnh; the provincial land registration office.",
    "requirements": [
      {"id":"land-use-right-certificate","nameVi":"Giấy chứng nhận quyền sử dụng đất","nameEn":"Land-use right certificate","anyOf":["land-use-right-certificate"],"subject":"applicant","documentRole":"holder"},
      {"id":"marriage-certificate","nameVi":"Giấy chứng nhận kết hôn (nếu đã kết hôn: tài sản chung của vợ chồng)","nameEn":"Marriage certificate (if married)","anyOf":["marriage-certificate"],"subject":"applicant","documentRole":"spouse","condition":{"attribute":"maritalStatus","in":["married"]}},
      {"id":"marital-status-confirmation","nameVi":"Giấy xác nhận tình trạng hôn nhân (nếu chưa kết hôn, đã ly hôn hoặc góa)","nameEn":"Marital-status confirmation (if single, divorced or widowed)","anyOf":["marital-status-confirmation"],"subject":"applicant","documentRole":"holder","condition":{"attribute":"maritalStatus","in":["single","divorced","widowed"]},"maxAgeDays":180}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"parcelNumber","labelVi":"Thửa đất số","labelEn":"Parcel number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"parcelNumber"}],"editable":false},
      {"name":"mapSheetNumber","labelVi":"Tờ bản đồ số","labelEn":"Map sheet number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"mapSheetNumber"}],"editable":false},
      {"name":"parcelAddress","labelVi":"Địa chỉ thửa đất","labelEn":"Parcel address","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"address"}],"editable":true},
      {"name":"areaM2","labelVi":"Diện tích (m²)","labelEn":"Area (m²)","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"areaM2"}],"editable":false},
      {"name":"spouseFullName","labelVi":"Họ tên vợ/chồng","labelEn":"Spouse's full name","sources":[{"kind":"population","attribute":"spouse.fullName"}],"editable":true}
    ]
  },
  {
    "code": "1.005398",
    "level": "province",
    "nameVi": "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
    "nameEn": "Exchange of a land-use right certificate",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"land-use-right-certificate","nameVi":"Giấy chứng nhận quyền sử dụng đất","nameEn":"Land-use right certificate","anyOf":["land-use-right-certificate"],"subject":"applicant","documentRole":"holder"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"parcelNumber","labelVi":"Thửa đất số","labelEn":"Parcel number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"parcelNumber"}],"editable":false},
      {"name":"mapSheetNumber","labelVi":"Tờ bản đồ số","labelEn":"Map sheet number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"mapSheetNumber"}],"editable":false},
      {"name":"parcelAddress","labelVi":"Địa chỉ thửa đất","labelEn":"Parcel address","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"address"}],"editable":true},
      {"name":"certificateSerial","labelVi":"Số phát hành Giấy chứng nhận","labelEn":"Certificate serial","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"serial"}],"editable":false}
    ]
  },
  {
    "code": "1.003555",
    "level": "province",
    "nameVi": "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
    "nameEn": "Registration of a mortgage over land-use rights",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"land-use-right-certificate","nameVi":"Giấy chứng nhận quyền sử dụng đất","nameEn":"Land-use right certificate","anyOf":["land-use-right-certificate"],"subject":"applicant","documentRole":"holder"},
      {"id":"marriage-certificate","nameVi":"Giấy chứng nhận kết hôn (nếu đã kết hôn)","nameEn":"Marriage certificate (if married)","anyOf":["marriage-certificate"],"subject":"applicant","documentRole":"spouse","condition":{"attribute":"maritalStatus","in":["married"]}}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"parcelNumber","labelVi":"Thửa đất số","labelEn":"Parcel number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"parcelNumber"}],"editable":false},
      {"name":"mapSheetNumber","labelVi":"Tờ bản đồ số","labelEn":"Map sheet number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"mapSheetNumber"}],"editable":false},
      {"name":"parcelAddress","labelVi":"Địa chỉ thửa đất","labelEn":"Parcel address","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"address"}],"editable":true},
      {"name":"spouseFullName","labelVi":"Họ tên vợ/chồng","labelEn":"Spouse's full name","sources":[{"kind":"population","attribute":"spouse.fullName"}],"editable":true}
    ]
  },
  {
    "code": "1.002809",
    "level": "province",
    "nameVi": "Đổi giấy phép lái xe",
    "nameEn": "Driving-licence renewal (exchange)",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Cơ quan cấp giấy phép lái xe chuyển sang ngành công an từ 1/3/2025 (chưa xác nhận); licensing moved to the police on 1 March 2025 (unconfirmed).",
    "requirements": [
      {"id":"driving-licence","nameVi":"Giấy phép lái xe đang sử dụng","nameEn":"Current driving licence","anyOf":["driving-licence"],"subject":"applicant","documentRole":"holder"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"nationality","labelVi":"Quốc tịch","labelEn":"Nationality","sources":[{"kind":"population","attribute":"nationality"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"licenceNumber","labelVi":"Số giấy phép lái xe","labelEn":"Licence number","sources":[{"kind":"document","documentType":"driving-licence","field":"licenceNumber"}],"editable":false}
    ]
  },
  {
    "code": "1.002793",
    "level": "province",
    "nameVi": "Cấp lại giấy phép lái xe",
    "nameEn": "Re-issue of a lost or damaged driving licence",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"driving-licence","nameVi":"Giấy phép lái xe đã được cấp","nameEn":"The licence issued before","anyOf":["driving-licence"],"subject":"applicant","documentRole":"holder"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"licenceNumber","labelVi":"Số giấy phép lái xe đã được cấp","labelEn":"Number of the licence issued before","sources":[{"kind":"document","documentType":"driving-licence","field":"licenceNumber"}],"editable":true}
    ]
  },
  {
    "code": "1.009998",
    "level": "commune",
    "nameVi": "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
    "nameEn": "Construction permit for a new detached house",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Cấp giải quyết sau cải cách 1/7/2025 (bỏ cấp huyện) chưa xác nhận. Level after the 1 July 2025 reform (districts abolished) unconfirmed.",
    "requirements": [
      {"id":"land-use-right-certificate","nameVi":"Giấy chứng nhận quyền sử dụng đất","nameEn":"Land-use right certificate","anyOf":["land-use-right-certificate"],"subject":"applicant","documentRole":"holder"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"parcelNumber","labelVi":"Thửa đất số","labelEn":"Parcel number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"parcelNumber"}],"editable":false},
      {"name":"mapSheetNumber","labelVi":"Tờ bản đồ số","labelEn":"Map sheet number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"mapSheetNumber"}],"editable":false},
      {"name":"parcelAddress","labelVi":"Địa chỉ thửa đất","labelEn":"Parcel address","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"address"}],"editable":true}
    ]
  },
  {
    "code": "1.009991",
    "level": "commune",
    "nameVi": "Gia hạn giấy phép xây dựng",
    "nameEn": "Extension of a construction permit",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Cấp giải quyết sau cải cách 1/7/2025 (bỏ cấp huyện) chưa xác nhận. Level after the 1 July 2025 reform (districts abolished) unconfirmed.",
    "requirements": [
      {"id":"construction-permit","nameVi":"Giấy phép xây dựng đã được cấp","nameEn":"The construction permit issued","anyOf":["construction-permit"],"subject":"applicant","documentRole":"holder"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"works","labelVi":"Tên công trình","labelEn":"Works","sources":[{"kind":"document","documentType":"construction-permit","field":"works"}],"editable":false},
      {"name":"siteAddress","labelVi":"Địa điểm xây dựng","labelEn":"Site address","sources":[{"kind":"document","documentType":"construction-permit","field":"address"}],"editable":false}
    ]
  },
  {
    "code": "1.009994",
    "level": "province",
    "nameVi": "Cấp giấy phép xây dựng mới đối với công trình không theo tuyến",
    "nameEn": "Construction permit for new non-linear works",
    "applicantKind": "business",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"enterprise-registration","nameVi":"Giấy chứng nhận đăng ký doanh nghiệp","nameEn":"Enterprise registration certificate","anyOf":["enterprise-registration"],"subject":"applicant","documentRole":"enterprise"},
      {"id":"land-use-right-certificate","nameVi":"Giấy chứng nhận quyền sử dụng đất","nameEn":"Land-use right certificate","anyOf":["land-use-right-certificate"],"subject":"applicant","documentRole":"holder"}
    ],
    "formFields": [
      {"name":"enterpriseName","labelVi":"Tên doanh nghiệp","labelEn":"Enterprise name","sources":[{"kind":"business","attribute":"names.vi"}],"editable":false},
      {"name":"enterpriseCode","labelVi":"Mã số doanh nghiệp","labelEn":"Enterprise code","sources":[{"kind":"business","attribute":"code"}],"editable":false},
      {"name":"headOfficeAddress","labelVi":"Địa chỉ trụ sở chính","labelEn":"Head-office address","sources":[{"kind":"business","attribute":"address.line"}],"editable":true},
      {"name":"legalRepresentative","labelVi":"Người đại diện theo pháp luật","labelEn":"Legal representative","sources":[{"kind":"business","attribute":"legalRepresentatives.0.fullName"}],"editable":false},
      {"name":"siteAddress","labelVi":"Địa điểm xây dựng","labelEn":"Site address","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"address"}],"editable":true},
      {"name":"parcelNumber","labelVi":"Thửa đất số","labelEn":"Parcel number","sources":[{"kind":"document","documentType":"land-use-right-certificate","field":"parcelNumber"}],"editable":false}
    ]
  },
  {
    "code": "1.001776",
    "level": "commune",
    "nameVi": "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng",
    "nameEn": "Monthly social allowance: grant, change or end (here for an orphaned child)",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"birth-certificate-child","nameVi":"Giấy khai sinh của trẻ","nameEn":"The child's birth certificate","anyOf":["birth-certificate"],"subject":"child","documentRole":"child"},
      {"id":"death-certificate-father","nameVi":"Trích lục khai tử của cha (nếu cha đã chết)","nameEn":"Father's death certificate (if he has died)","anyOf":["death-certificate"],"subject":"father","documentRole":"deceased","condition":{"attribute":"status","in":["deceased"]}},
      {"id":"death-certificate-mother","nameVi":"Trích lục khai tử của mẹ (nếu mẹ đã chết)","nameEn":"Mother's death certificate (if she has died)","anyOf":["death-certificate"],"subject":"mother","documentRole":"deceased","condition":{"attribute":"status","in":["deceased"]}}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"childFullName","labelVi":"Họ tên trẻ","labelEn":"Child's full name","subject":"child","sources":[{"kind":"document","documentType":"birth-certificate","field":"fullName"},{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"childBirthDate","labelVi":"Ngày sinh của trẻ","labelEn":"Child's date of birth","subject":"child","sources":[{"kind":"document","documentType":"birth-certificate","field":"birthDate"},{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"childResidence","labelVi":"Nơi cư trú của trẻ","labelEn":"Child's residence","subject":"child","sources":[{"kind":"population","attribute":"currentResidence.line"}],"editable":true}
    ]
  },
  {
    "code": "1.001758",
    "level": "commune",
    "nameVi": "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
    "nameEn": "Funeral allowance for a social-protection beneficiary",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it.",
    "requirements": [
      {"id":"death-certificate","nameVi":"Trích lục khai tử của người đã chết","nameEn":"Death certificate of the deceased","anyOf":["death-certificate"],"subject":"deceased","documentRole":"deceased"}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"deceasedFullName","labelVi":"Họ tên người đã chết","labelEn":"Full name of the deceased","subject":"deceased","sources":[{"kind":"document","documentType":"death-certificate","field":"fullName"},{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"dateOfDeath","labelVi":"Ngày chết","labelEn":"Date of death","subject":"deceased","sources":[{"kind":"document","documentType":"death-certificate","field":"dateOfDeath"},{"kind":"population","attribute":"dateOfDeath"}],"editable":false}
    ]
  },
  {
    "code": "1.008717",
    "level": "central",
    "nameVi": "Cấp Chứng chỉ hành nghề luật sư",
    "nameEn": "Issue of a lawyer's practising certificate",
    "applicantKind": "citizen",
    "codeStatus": "unconfirmed",
    "source": "Chưa xác nhận: mã chưa được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính, ../shared/domain.md không nêu mã này. Unconfirmed: the code is not checked against the national procedure database and ../shared/domain.md does not name it. Bộ Tư pháp giải quyết; handled by the Ministry of Justice.",
    "requirements": [
      {"id":"law-degree","nameVi":"Bằng cử nhân luật","nameEn":"Bachelor of laws","anyOf":["diploma"],"subject":"applicant","documentRole":"holder"},
      {"id":"judicial-record-extract","nameVi":"Phiếu lý lịch tư pháp","nameEn":"Judicial record extract","anyOf":["judicial-record-extract"],"subject":"applicant","documentRole":"holder","maxAgeDays":180}
    ],
    "formFields": [
      {"name":"fullName","labelVi":"Họ, chữ đệm và tên","labelEn":"Full name","sources":[{"kind":"population","attribute":"fullName"}],"editable":false},
      {"name":"birthDate","labelVi":"Ngày, tháng, năm sinh","labelEn":"Date of birth","sources":[{"kind":"population","attribute":"birthDate"}],"editable":false},
      {"name":"sex","labelVi":"Giới tính","labelEn":"Sex","sources":[{"kind":"population","attribute":"sex"}],"editable":false},
      {"name":"permanentResidence","labelVi":"Nơi thường trú","labelEn":"Permanent residence","sources":[{"kind":"population","attribute":"permanentResidence.line"}],"editable":true},
      {"name":"lawDegreeInstitution","labelVi":"Cơ sở đào tạo cấp bằng cử nhân luật","labelEn":"Institution that awarded the law degree","sources":[{"kind":"document","documentType":"diploma","field":"institution"}],"editable":false},
      {"name":"lawDegreeYear","labelVi":"Năm tốt nghiệp","labelEn":"Year of graduation","sources":[{"kind":"document","documentType":"diploma","field":"graduationYear"}],"editable":false}
    ]
  }
]
$seed$::jsonb) AS p("code" text, "level" text, "nameVi" text, "nameEn" text, "applicantKind" text, "codeStatus" text, "source" text, "requirements" jsonb, "formFields" jsonb)
ON CONFLICT ("code") DO NOTHING;
