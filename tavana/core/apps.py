from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tavana.core"
    label = "core"
    verbose_name = "هسته"

    def ready(self) -> None:
        # WhiteNoise looks at STATIC_ROOT when the first request comes and warns
        # «No directory at: …/static/» on every start of a demo or development
        # server that never ran collectstatic: the folder is simply made.
        from pathlib import Path

        from django.conf import settings

        root = getattr(settings, "STATIC_ROOT", None)
        if root:
            try:
                Path(root).mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # a read-only install: collectstatic's folder is there or it warns
