"""jixiao_web: the Django web application (annual self-evaluation cycle). Depends on ``jixiao``."""
