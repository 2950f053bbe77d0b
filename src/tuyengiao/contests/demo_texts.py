"""The demo's works, one text each (fictional, written for the demo): distinct, so that the
near-duplicate check flags only the one press work that copies another's opening, as staff
would find before judging."""

WORKS = {
    "Giữ vững trận địa tư tưởng từ chi bộ thôn": (
        "Trận địa tư tưởng không ở đâu xa mà ở ngay buổi sinh hoạt chi bộ mỗi tháng. Khi bí thư "
        "chuẩn bị kỹ nội dung, đảng viên được nói thật điều mình băn khoăn, những thông tin lệch "
        "lạc bị bác bỏ ngay từ đầu.\n\n"
        "Chi bộ thôn chúng tôi giao mỗi đảng viên phụ trách mười hộ gia đình, nắm tâm tư của bà "
        "con và báo lại trong sinh hoạt, nhờ vậy cấp ủy biết sớm những việc dân chưa đồng thuận."
    ),
    "Nói đi đôi với làm: sức thuyết phục của người đảng viên": (
        "Người dân tin vào việc làm hơn lời nói. Một đảng viên nhận khoán chăm sóc rừng đầu "
        "nguồn, giữ đúng cam kết suốt ba năm, có sức thuyết phục hơn nhiều buổi tuyên truyền.\n\n"
        "Ở bản, khi vận động làm nhà văn hóa, chính các đảng viên lớn tuổi góp ngày công trước; "
        "bà con thấy vậy cũng góp gỗ, góp sức, công trình xong trước thời hạn hai tháng."
    ),
    "Thông tin chính thống, kịp thời: lá chắn ở cơ sở": (
        "Tin đồn lan nhanh nhất vào lúc thông tin chính thức còn chậm. Xã đã lập tổ thông tin "
        "gồm cán bộ văn hóa, bí thư đoàn và trưởng thôn, cập nhật mỗi ngày trên loa truyền thanh "
        "và trang của xã.\n\n"
        "Khi có dịch bệnh trên đàn gia súc, tổ đăng ngay hướng dẫn của thú y, số điện thoại cần "
        "gọi và những việc không được làm, nên người chăn nuôi không hoang mang bán chạy đàn."
    ),
    "Niềm tin của nhân dân từ những con đường nông thôn mới": (
        "Con đường bê tông về đến từng ngõ là câu trả lời rõ nhất cho những luận điệu nói rằng "
        "chính sách chỉ nằm trên giấy. Mười hai ki-lô-mét đường liên thôn được làm bằng vốn nhà "
        "nước và công sức của dân.\n\n"
        "Hộ hiến đất nhiều nhất là gia đình một đảng viên đã nghỉ hưu; ông nói với hàng xóm rằng "
        "đường rộng thì xe vào tận nơi mua nông sản, con cháu đi học cũng đỡ vất vả."
    ),
    "Sinh hoạt chi bộ có chuyên đề, đảng viên vững vàng": (
        "Mỗi quý chi bộ chọn một chuyên đề gắn với việc của thôn: giữ gìn an ninh, chuyển đổi "
        "cây trồng, chăm lo người cao tuổi. Đảng viên được phân công chuẩn bị trước và trình bày "
        "ngắn gọn.\n\n"
        "Nhờ sinh hoạt có chiều sâu, nhiều đảng viên trẻ mạnh dạn đề xuất cách làm mới, như lập "
        "nhóm trực tuyến để bà con hỏi đáp về thủ tục hành chính mà không phải lên xã."
    ),
    "Làm theo Bác từ những việc nhỏ ở bản": (
        "Học Bác không phải điều gì lớn lao; ở bản tôi, đó là việc dọn sạch con suối đầu nguồn "
        "mỗi sáng chủ nhật, việc nhường phần gạo hỗ trợ cho hộ khó khăn hơn mình.\n\n"
        "Hội phụ nữ bản duy trì tủ sách nhỏ ở nhà văn hóa, các cháu đọc truyện về Bác rồi kể lại "
        "cho ông bà nghe, việc nhỏ ấy làm không khí của bản gần gũi hơn."
    ),
    "Chi bộ thôn vùng cao: hạt nhân đoàn kết": (
        "Thôn nằm cách trung tâm xã mười tám ki-lô-mét, đường mùa mưa thường bị sạt. Chi bộ có "
        "chín đảng viên, ba người là người dân tộc Mông, cùng nhau giữ cho thôn không còn hộ đói "
        "giáp hạt.\n\n"
        "Bí thư chi bộ đi từng nhà vận động bà con trồng thảo quả dưới tán rừng; sau bốn năm, thu "
        "nhập của thôn tăng gấp đôi và rừng vẫn được giữ nguyên."
    ),
    "Đảng viên trẻ trên mặt trận số": (
        "Các đảng viên trẻ của xã lập một nhóm cộng tác viên trên mạng xã hội, mỗi người theo dõi "
        "một diễn đàn địa phương và báo lại những thông tin sai sự thật.\n\n"
        "Họ không tranh cãi mà đăng thông tin đúng kèm văn bản, hình ảnh thực tế; nhiều người dân "
        "từng chia sẻ tin sai đã tự gỡ bài và nhắn cảm ơn."
    ),
    "Khi bí thư chi bộ là người đi đầu hiến đất": (
        "Dự án mở rộng đường vào khu sản xuất cần gần hai nghìn mét vuông đất của mười lăm hộ. "
        "Bí thư chi bộ họp gia đình, thống nhất hiến trước ba trăm mét vuông vườn cây ăn quả.\n\n"
        "Tấm gương ấy được bà con nhắc đến trong mọi cuộc họp thôn; chỉ trong một tháng, mười bốn "
        "hộ còn lại đều ký giấy hiến đất, không ai đòi bồi thường."
    ),
    # Takes the opening of the first press work, almost word for word.
    "Sinh hoạt chi bộ trực tuyến ở xã biên giới": (
        "Thôn nằm cách trung tâm xã mười tám ki-lô-mét, đường mùa mưa thường bị sạt. Chi bộ có "
        "chín đảng viên, ba người là người dân tộc Mông, cùng nhau giữ cho thôn không còn hộ đói "
        "giáp hạt.\n\n"
        "Vì vậy chi bộ thử sinh hoạt trực tuyến những tháng mưa lũ, đảng viên ở nương dự bằng "
        "điện thoại, biên bản được gửi lại cho từng người đọc và ký."
    ),
}
