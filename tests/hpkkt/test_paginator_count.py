"""The list pages count their rows once: the totals' count feeds the paginator."""

from hpkkt.filters import BoundedPaginator
from hpkkt.tables import count_label


def test_the_count_label_carries_its_count():
    label = count_label(3, "project", "projects")
    assert label.count == 3
    assert "3" in label


def test_a_known_count_is_not_counted_again():
    class Rows(list):
        def count(self):  # as a queryset's count(): must not be called
            raise AssertionError("counted again")

    paginator = BoundedPaginator(Rows(range(120)), 50, count=120)
    assert paginator.num_pages == 3
    assert list(paginator.page(3).object_list) == list(range(100, 120))
