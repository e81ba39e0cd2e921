"""Project exceptions. Each message says what went wrong and how to fix it."""


class BaocaoError(Exception):
    """Base class: the CLI prints the message as one line and exits non-zero."""


class ModelNotFoundError(BaocaoError):
    pass


class ModelFetchError(BaocaoError):
    pass


class ReportLoadError(BaocaoError):
    """A report file could not be read; the message names the file and the reason."""


class IndexMissingError(BaocaoError):
    pass


class EmptyQuestionError(BaocaoError):
    pass


class QuestionsFileError(BaocaoError):
    """A list of questions for an answer sheet could not be read; the message names the file."""


class StoreConnectionError(BaocaoError):
    """The Chroma server set in the settings cannot be reached; the message names its address."""
