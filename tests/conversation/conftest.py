def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def button_payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons", [])]
