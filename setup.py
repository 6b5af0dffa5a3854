"""Package list for setuptools (metadata lives in pyproject.toml).

The repository keeps the lessons, quizzes and styles at top level (content/, resources/) so that
trainers find them; the wheel carries them inside the package.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["dxtrainer", "dxtrainer.*"]),
              "dxtrainer.bundled_content", "dxtrainer.bundled_resources"],
    package_dir={"dxtrainer.bundled_content": "content",
                 "dxtrainer.bundled_resources": "resources"},
)
