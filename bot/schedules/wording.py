"""Every sentence the schedule feature says, in one place.

Texts use the assistant's address placeholders ({bac}/{Bac} for the reader,
{chau}/{Chau} for the assistant), filled per conversation from the slots of
the same names (see bot.knowledge.address), and follow docs/voice.md:
short, warm, a way forward at the end.
"""
from __future__ import annotations

from typing import Mapping

from bot.knowledge.address import DEFAULT_ADDRESS, fill
from bot.schedules import phone


def say(template: str, address: Mapping[str, str] = DEFAULT_ADDRESS, **values: object) -> str:
    """A template with the conversation's address words and the given values."""
    return fill(template, address).format(**values)


FOUND_ONE = "{Chau} thấy có 1 lớp{criteria} ạ:"
FOUND_SOME = "{Chau} thấy có {count} lớp{criteria} ạ:"
UPCOMING = "Đây là {count} lớp sắp tới gần nhất trong xã ạ:"
FOUND_MANY = "Có {total} lớp{criteria}. {Chau} gửi {bac} {count} lớp gần nhất ạ:"
MORE_FOUND = "{Chau} gửi {bac} thêm {count} lớp{criteria} ạ:"
NO_MORE = "{Chau} không thấy thêm lớp nào{criteria} ạ."
NONE_FOUND = "{Chau} chưa thấy lớp nào{criteria} ạ."
NOTHING_AT_ALL = "Hiện {chau} chưa có lịch lớp học nào sắp tới ạ."
PAST_DAYS = "{when} đã qua rồi ạ."
INVALID_DATE = "{Chau} chưa hiểu ngày \"{phrase}\" ạ. {Bac} gõ lại giúp {chau}, ví dụ: \"thứ bảy này\" hoặc \"15/12\"."
UNKNOWN_PLACE = "{Chau} chưa thấy lịch học nào ở {place} ạ. Các nơi có lịch học: {known}. {Bac} chọn nơi của mình bên dưới nhé."
ALTERNATIVE_HEADERS = {
    "time": "Những buổi gần nhất{criteria}:",
    "place": "Những lớp{criteria} ở nơi khác:",
    "topic": "Những lớp khác{criteria}:",
    "everything": "Những lớp sắp tới trong xã:",
}
HOW_TO_REGISTER = "{Bac} muốn đi học thì bấm \"Đăng ký học\" ạ."
ASK_CONTACT = "Cần hỏi thêm, {bac} gọi {contact}."
NO_CONTEXT = "{Bac} muốn hỏi lớp học ở thôn nào, ngày nào ạ? Ví dụ: \"thứ bảy này thôn Đông có lớp không?\""

PLACE_ONE = "Lớp học ở {where} ạ."
PLACE_SOME = "Địa điểm các lớp ạ:"
TIME_ONE = "Lớp học vào {when} ạ."
TIME_SOME = "Giờ học các lớp ạ:"
TOPIC_ONE = "{about}"
TOPIC_SOME = "Nội dung các lớp ạ:"

# registration
CHOOSE_CLASS = "{Bac} muốn đăng ký lớp nào ạ? {Bac} bấm chọn bên dưới nhé."
NO_CLASS_TO_REGISTER = "{Bac} muốn đăng ký lớp nào ạ? {Bac} hỏi lịch học trước giúp {chau}, ví dụ: \"lớp học thôn Đông tuần sau\"."
CHOICE_NOT_UNDERSTOOD = "{Chau} chưa rõ {bac} chọn lớp nào ạ."
CLASS_FULL = "Lớp {label} đã đủ chỗ rồi ạ."
CLASS_FULL_OTHERS = "Lớp {label} đã đủ chỗ rồi ạ. {Bac} chọn lớp khác còn chỗ bên dưới nhé."
CLASS_STARTED = "Lớp {label} đã bắt đầu hoặc đã qua rồi ạ."
CLASS_STARTED_OTHERS = "Lớp {label} đã bắt đầu hoặc đã qua rồi ạ. {Bac} chọn lớp khác bên dưới nhé."
CLASS_CANCELLED = "{Chau} xin lỗi {bac}, lớp {label} đã bị hủy nên không đăng ký được nữa ạ. {Bac} xem lớp khác giúp {chau} nhé."
CLASS_CANCELLED_OTHERS = "{Chau} xin lỗi {bac}, lớp {label} đã bị hủy ạ. {Bac} chọn lớp khác bên dưới nhé."
ALL_CHOICES_FULL = "Các lớp này đều đã đủ chỗ hoặc đã qua rồi ạ. {Bac} hỏi lịch ngày khác giúp {chau} nhé."
CLASS_GONE = "{Chau} không còn thấy lớp này trong lịch ạ, có thể lịch đã thay đổi."
NAME_NOT_UNDERSTOOD = "{Chau} chưa đọc được họ tên ạ. {Bac} gõ họ và tên bằng chữ, ví dụ: Nguyễn Văn An."
ALREADY_REGISTERED = "Số {phone} đã đăng ký lớp này rồi ạ, {bac} không cần đăng ký lại. {Chau} vẫn giữ chỗ cho {bac}."
REGISTERED = "{Chau} đã ghi tên {name} vào lớp:\n{line}\nSố điện thoại: {phone}."
REGISTERED_NOTE = "Lưu ý: {notes}"
REGISTRATION_CANCELLED = "{Chau} đã dừng việc đăng ký ạ. Khi nào cần, {bac} cứ nhắn \"đăng ký học\" nhé."
REGISTRATION_FAILED = "{Chau} chưa lưu được đăng ký do lỗi hệ thống ạ. {Bac} thử lại sau ít phút giúp {chau} nhé."

PHONE_PROBLEMS = {
    phone.NO_NUMBER: "{Chau} chưa thấy số điện thoại trong tin nhắn ạ. {Bac} gõ số di động 10 chữ số, ví dụ: 0912 345 678.",
    phone.TOO_SHORT: "Số {bac} gửi mới có {digits} chữ số, số di động cần đủ 10 chữ số ạ. {Bac} xem lại giúp {chau}, ví dụ: 0912 345 678.",
    phone.TOO_LONG: "Số {bac} gửi có {digits} chữ số, số di động chỉ có 10 chữ số ạ. {Bac} xem lại giúp {chau}, ví dụ: 0912 345 678.",
    phone.LANDLINE_NOT_MOBILE: "Đây là số máy bàn ạ. {Bac} cho {chau} xin số di động 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
    phone.OLD_ELEVEN_DIGITS: "Số di động bây giờ chỉ có 10 chữ số ạ, số 11 chữ số đầu 01 đã được đổi. {Bac} gõ số mới giúp {chau} nhé.",
    phone.BAD_PREFIX: "Số di động ở Việt Nam bắt đầu bằng 03, 05, 07, 08 hoặc 09 ạ. {Bac} xem lại số giúp {chau} nhé.",
}

# buttons (≤ 20 characters)
BUTTON_REGISTER = "Đăng ký học"
BUTTON_MORE = "Lớp khác"
BUTTON_TOPIC = "Lớp dạy gì?"
BUTTON_ALL = "Lịch cả xã"
BUTTON_OTHER_CLASSES = "Xem lớp khác"
