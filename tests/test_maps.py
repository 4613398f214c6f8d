import pytest

from archive.maps import VIETNAM, Frame, aspect, parallels, points, project, radius
from archive.models import Province


def test_it_projects_the_frame_corners_to_the_map_corners():
    width = 400
    height = width * aspect(VIETNAM)
    assert project(VIETNAM.north, VIETNAM.west, width=width) == (0, 0)
    x, y = project(VIETNAM.south, VIETNAM.east, width=width)
    assert x == width and y == pytest.approx(height, abs=0.1)


def test_it_puts_north_up_and_east_right():
    hanoi = project(21.03, 105.85)
    ho_chi_minh_city = project(10.78, 106.70)
    assert hanoi[1] < ho_chi_minh_city[1]  # Hà Nội is higher on the map
    assert hanoi[0] < ho_chi_minh_city[0]  # and further west


def test_it_keeps_the_country_tall():
    # About 15 degrees of latitude against 8 of longitude, shortened by cos(16°).
    assert 2.0 < aspect(VIETNAM) < 2.2
    square = Frame(west=0, east=10, south=-5, north=5)
    assert aspect(square) == pytest.approx(1.0)


def test_circle_areas_grow_with_the_count_within_bounds():
    assert radius(0, 100) == radius(0, 0) == 3.0
    assert radius(100, 100) == 18.0
    assert radius(1, 100) < radius(25, 100) < radius(100, 100)
    # Four times the articles, about twice the radius above the minimum: the area is what grows linearly.
    assert radius(100, 100) - 3 == pytest.approx(2 * (radius(25, 100) - 3), abs=0.1)


def test_parallels_are_whole_degrees_inside_the_frame():
    assert [latitude for latitude, _y in parallels()] == [10, 15, 20]
    ys = [y for _latitude, y in parallels()]
    assert ys == sorted(ys, reverse=True)  # further north, higher up


@pytest.mark.django_db
def test_every_province_lands_inside_the_map_largest_circles_first():
    provinces = list(Province.objects.all())
    counts = {provinces[0].pk: 10, provinces[1].pk: 1}
    drawn = points(provinces, counts)
    assert len(drawn) == len(provinces) == 86  # 63 until 2025 and the 23 units formed then
    height = 400 * aspect(VIETNAM)
    assert all(0 <= point.x <= 400 and 0 <= point.y <= height for point in drawn)
    assert drawn[0].province == provinces[0] and drawn[0].r == 18.0
    assert drawn[1].province == provinces[1]


@pytest.mark.django_db
def test_a_province_without_coordinates_is_left_out():
    province = Province.objects.first()
    province.latitude = None
    assert [point.province for point in points([province], {})] == []
